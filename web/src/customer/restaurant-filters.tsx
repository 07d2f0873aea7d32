import type { RestaurantFilter } from '../api/endpoints';

interface Props {
  filter: RestaurantFilter;
  cuisines: string[];
  onChange(filter: RestaurantFilter): void;
}

/** Search text, cuisine, open now and minimum rating; every change filters at once. */
export function RestaurantFilters({ filter, cuisines, onChange }: Props) {
  return (
    <form
      className="filters"
      role="search"
      aria-label="Filter restaurants"
      onSubmit={(event) => event.preventDefault()}
    >
      <label>
        Search
        <input
          type="search"
          placeholder="Restaurant or dish"
          value={filter.q ?? ''}
          onChange={(e) => onChange({ ...filter, q: e.target.value || undefined })}
        />
      </label>
      <label>
        Cuisine
        <select
          value={filter.cuisine ?? ''}
          onChange={(e) => onChange({ ...filter, cuisine: e.target.value || undefined })}
        >
          <option value="">Any cuisine</option>
          {cuisines.map((cuisine) => (
            <option key={cuisine} value={cuisine}>
              {cuisine}
            </option>
          ))}
        </select>
      </label>
      <label>
        Rating
        <select
          value={filter.minRating ?? ''}
          onChange={(e) =>
            onChange({ ...filter, minRating: e.target.value ? Number(e.target.value) : undefined })
          }
        >
          <option value="">Any rating</option>
          <option value="3">3★ and up</option>
          <option value="4">4★ and up</option>
          <option value="4.5">4.5★ and up</option>
        </select>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={filter.openNow ?? false}
          onChange={(e) => onChange({ ...filter, openNow: e.target.checked || undefined })}
        />
        Open now
      </label>
    </form>
  );
}
