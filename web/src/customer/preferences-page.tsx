import { useEffect, useState, type FormEvent } from 'react';
import { me } from '../api/endpoints';
import type { Preferences } from '../api/types';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { useAsync } from '../lib/use-async';

const DIETARY = [
  'VEGETARIAN',
  'VEGAN',
  'EGGETARIAN',
  'GLUTEN_FREE',
  'HALAL',
  'KOSHER',
  'JAIN',
  'NUT_FREE',
  'DAIRY_FREE',
];
const KINDS: Record<string, string> = {
  ORDER_UPDATES: 'Order updates',
  PROMOTIONS: 'Offers',
  ACCOUNT: 'Account',
  RESTAURANT_UPDATES: 'Restaurant news',
};
const CHANNELS = [
  ['inApp', 'In the app'],
  ['email', 'Email'],
  ['sms', 'SMS'],
] as const;

const words = (tag: string) => tag.replace(/_/g, ' ').toLowerCase();

export function PreferencesPage() {
  const loaded = useAsync(() => me.preferences(), []);
  const [draft, setDraft] = useState<Preferences>();
  const [cuisines, setCuisines] = useState('');
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (loaded.data) {
      setDraft(loaded.data);
      setCuisines(loaded.data.cuisines.join(', '));
    }
  }, [loaded.data]);

  if (draft === undefined)
    return loaded.error ? <ErrorMessage error={loaded.error} /> : <Loading what="preferences" />;

  const toggleDiet = (tag: string, on: boolean) =>
    setDraft({
      ...draft,
      dietaryRestrictions: on
        ? [...draft.dietaryRestrictions, tag]
        : draft.dietaryRestrictions.filter((t) => t !== tag),
    });
  const toggleChannel = (kind: string, channel: 'inApp' | 'email' | 'sms', on: boolean) => {
    const current = draft.notificationChannels[kind] ?? { inApp: true, email: false, sms: false };
    setDraft({
      ...draft,
      notificationChannels: { ...draft.notificationChannels, [kind]: { ...current, [channel]: on } },
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setSaved(false);
    const list = cuisines
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    try {
      const stored = await me.savePreferences({ ...draft, cuisines: list });
      setDraft(stored);
      setSaved(true);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <form className="stack narrow" onSubmit={submit}>
      <h1>Preferences</h1>
      <label>
        Favourite cuisines (comma separated)
        <input value={cuisines} onChange={(e) => setCuisines(e.target.value)} />
      </label>
      <fieldset>
        <legend>Dietary needs</legend>
        <div className="chips">
          {DIETARY.map((tag) => (
            <label key={tag} className="check">
              <input
                type="checkbox"
                checked={draft.dietaryRestrictions.includes(tag)}
                onChange={(e) => toggleDiet(tag, e.target.checked)}
              />
              {words(tag)}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>How to tell me</legend>
        <table className="channels">
          <thead>
            <tr>
              <th scope="col">About</th>
              {CHANNELS.map(([, label]) => (
                <th key={label} scope="col">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Object.entries(KINDS).map(([kind, label]) => (
              <tr key={kind}>
                <th scope="row">{label}</th>
                {CHANNELS.map(([channel, channelLabel]) => (
                  <td key={channel}>
                    <input
                      type="checkbox"
                      aria-label={`${label} by ${channelLabel}`}
                      checked={draft.notificationChannels[kind]?.[channel] ?? false}
                      onChange={(e) => toggleChannel(kind, channel, e.target.checked)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      <ErrorMessage error={error} />
      {saved ? (
        <p className="ok" role="status">
          Saved.
        </p>
      ) : null}
      <button type="submit" className="primary">
        Save preferences
      </button>
    </form>
  );
}
