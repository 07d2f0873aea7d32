import type { PostalAddress, SavedAddress } from '../api/types';

export type AddressChoice = { kind: 'saved'; id: string } | { kind: 'new'; address: PostalAddress };

interface Props {
  saved: SavedAddress[];
  choice: AddressChoice | undefined;
  onChange(choice: AddressChoice): void;
}

const BLANK: PostalAddress = { line1: '', city: '', postcode: '', latitude: 12.9716, longitude: 77.5946 };

/** One of the saved addresses, or a new one typed here (with its map position, or the browser's). */
export function AddressChooser({ saved, choice, onChange }: Props) {
  const fresh = choice?.kind === 'new' ? choice.address : BLANK;
  const setField = (field: keyof PostalAddress, value: string) => {
    const numeric = field === 'latitude' || field === 'longitude';
    onChange({ kind: 'new', address: { ...fresh, [field]: numeric ? Number(value) : value } });
  };
  const locate = () =>
    navigator.geolocation?.getCurrentPosition((position) =>
      onChange({
        kind: 'new',
        address: { ...fresh, latitude: position.coords.latitude, longitude: position.coords.longitude },
      }),
    );

  return (
    <fieldset>
      <legend>Deliver to</legend>
      {saved.map((address) => (
        <label key={address.id} className="check">
          <input
            type="radio"
            name="address"
            checked={choice?.kind === 'saved' && choice.id === address.id}
            onChange={() => onChange({ kind: 'saved', id: address.id })}
          />
          <span>
            <strong>{address.label}</strong> — {address.line1}, {address.city} {address.postcode}
          </span>
        </label>
      ))}
      <label className="check">
        <input
          type="radio"
          name="address"
          checked={choice?.kind === 'new'}
          onChange={() => onChange({ kind: 'new', address: fresh })}
        />
        A new address
      </label>
      {choice?.kind === 'new' ? (
        <div className="stack indent">
          <label>
            Street and number
            <input required value={fresh.line1} onChange={(e) => setField('line1', e.target.value)} />
          </label>
          <div className="row">
            <label>
              City
              <input required value={fresh.city} onChange={(e) => setField('city', e.target.value)} />
            </label>
            <label>
              Postcode
              <input required value={fresh.postcode} onChange={(e) => setField('postcode', e.target.value)} />
            </label>
          </div>
          <div className="row">
            <label>
              Latitude
              <input
                type="number"
                step="any"
                value={fresh.latitude}
                onChange={(e) => setField('latitude', e.target.value)}
              />
            </label>
            <label>
              Longitude
              <input
                type="number"
                step="any"
                value={fresh.longitude}
                onChange={(e) => setField('longitude', e.target.value)}
              />
            </label>
          </div>
          <button type="button" onClick={locate}>
            Use my current location
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}
