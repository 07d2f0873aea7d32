// The results page's filters. Choices apply at once; the price range applies when its field is left or
// Enter is pressed (a half-typed price is not a search).
import { useEffect, useState, type FormEvent } from 'react';
import { ALLERGENS, DIETARY_TAGS, type SavedAddress } from '../api/types';
import { hasDishFilters, priceProblem, type Nearness, type SearchState } from './search-params';

interface Props {
  state: SearchState;
  cuisines: string[];
  home: SavedAddress | null | undefined;
  onChange(next: SearchState): void;
}

export const words = (tag: string) => tag.replace(/_/g, ' ').toLowerCase();
/** `north indian` (how the index keeps cuisines) → `North Indian`. */
export const titleCase = (text: string) =>
  text.replace(/(^|\s)(\p{L})/gu, (_, space: string, letter: string) => space + letter.toUpperCase());

export function SearchFilters({ state, cuisines, home, onChange }: Props) {
  const [minPrice, setMinPrice] = useState(state.minPrice);
  const [maxPrice, setMaxPrice] = useState(state.maxPrice);
  useEffect(() => {
    setMinPrice(state.minPrice);
    setMaxPrice(state.maxPrice);
  }, [state.minPrice, state.maxPrice]);

  const change = (patch: Partial<SearchState>) => onChange({ ...state, ...patch, page: 0 });
  // A cuisine chosen from a suggestion may be spelt in another case than the restaurants' list has it.
  const cuisine = cuisines.find((c) => c.toLowerCase() === state.cuisine.toLowerCase()) ?? state.cuisine;
  const cuisineOptions = cuisine === '' || cuisines.includes(cuisine) ? cuisines : [cuisine, ...cuisines];
  const onlyRestaurants = state.type === 'restaurants';
  const draft = { ...state, minPrice, maxPrice };
  const problem = priceProblem(draft);
  const commitPrices = (event?: FormEvent) => {
    event?.preventDefault();
    if (problem === undefined && (minPrice !== state.minPrice || maxPrice !== state.maxPrice)) {
      change({ minPrice, maxPrice });
    }
  };
  const toggle = (list: string[], value: string, on: boolean) =>
    on ? [...list, value] : list.filter((entry) => entry !== value);

  return (
    <form className="search-filters stack" aria-label="Filters" onSubmit={commitPrices}>
      <label>
        Show
        <select value={state.type} onChange={(e) => change({ type: e.target.value as SearchState['type'] })}>
          <option value="all">Dishes and restaurants</option>
          <option value="dishes">Dishes</option>
          <option value="restaurants">Restaurants</option>
        </select>
      </label>
      {onlyRestaurants && hasDishFilters(state) ? (
        <p className="muted small">Dietary, allergen and price filters apply to dishes only.</p>
      ) : null}
      <label>
        Cuisine
        <select value={cuisine} onChange={(e) => change({ cuisine: e.target.value })}>
          <option value="">Any cuisine</option>
          {cuisineOptions.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <details open={state.dietary.length > 0}>
        <summary>Dietary{state.dietary.length > 0 ? ` (${state.dietary.length})` : ''}</summary>
        <fieldset className="checks" disabled={onlyRestaurants}>
          <legend className="sr-only">Dishes that are</legend>
          {DIETARY_TAGS.map((tag) => (
            <label key={tag} className="check">
              <input
                type="checkbox"
                checked={state.dietary.includes(tag)}
                onChange={(e) => change({ dietary: toggle(state.dietary, tag, e.target.checked) })}
              />
              {words(tag)}
            </label>
          ))}
        </fieldset>
      </details>
      <details open={state.excludeAllergens.length > 0}>
        <summary>
          Leave out allergens{state.excludeAllergens.length > 0 ? ` (${state.excludeAllergens.length})` : ''}
        </summary>
        <fieldset className="checks" disabled={onlyRestaurants}>
          <legend className="sr-only">Dishes without</legend>
          {ALLERGENS.map((allergen) => (
            <label key={allergen} className="check">
              <input
                type="checkbox"
                checked={state.excludeAllergens.includes(allergen)}
                onChange={(e) =>
                  change({ excludeAllergens: toggle(state.excludeAllergens, allergen, e.target.checked) })
                }
              />
              <span>
                <span className="sr-only">without </span>
                {words(allergen)}
              </span>
            </label>
          ))}
        </fieldset>
      </details>
      <fieldset disabled={onlyRestaurants}>
        <legend>Price (₹)</legend>
        <div className="row">
          <label className="grow">
            From
            <input
              inputMode="numeric"
              value={minPrice}
              onChange={(e) => setMinPrice(e.target.value)}
              onBlur={() => commitPrices()}
              size={6}
            />
          </label>
          <label className="grow">
            To
            <input
              inputMode="numeric"
              value={maxPrice}
              onChange={(e) => setMaxPrice(e.target.value)}
              onBlur={() => commitPrices()}
              size={6}
            />
          </label>
        </div>
        {problem ? (
          <p className="error small" role="alert">
            {problem}
          </p>
        ) : null}
      </fieldset>
      <label>
        Distance
        <select
          value={home ? state.near : ''}
          disabled={!home}
          onChange={(e) => change({ near: e.target.value as Nearness })}
        >
          <option value="">Anywhere</option>
          <option value="deliver">Delivers to {home ? home.label : 'my address'}</option>
          <option value="2">Within 2 km</option>
          <option value="5">Within 5 km</option>
          <option value="10">Within 10 km</option>
        </select>
      </label>
      {home === null ? <p className="muted small">Save a delivery address to search near it.</p> : null}
      <label>
        Rating
        <select value={state.minRating} onChange={(e) => change({ minRating: e.target.value })}>
          <option value="">Any rating</option>
          <option value="3">3★ and up</option>
          <option value="4">4★ and up</option>
          <option value="4.5">4.5★ and up</option>
        </select>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={state.openNow}
          onChange={(e) => change({ openNow: e.target.checked })}
        />
        Open now
      </label>
      <button type="submit" className="sr-only">
        Apply prices
      </button>
    </form>
  );
}
