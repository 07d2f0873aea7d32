// The search page's state lives in its URL (/search?q=…&cuisine=…), so results can be linked, reloaded
// and gone back to. Prices are whole rupees there, paise in the API.
import type { Point, SearchQuery, SearchType } from '../api/types';

/** `deliver`: restaurants that deliver to the default address; a number: also within that many km. */
export type Nearness = '' | 'deliver' | '2' | '5' | '10';

export interface SearchState {
  q: string;
  type: SearchType;
  cuisine: string;
  dietary: string[];
  excludeAllergens: string[];
  minPrice: string;
  maxPrice: string;
  openNow: boolean;
  near: Nearness;
  minRating: string;
  page: number;
}

export const PAGE_SIZE = 10;
const TYPES: SearchType[] = ['all', 'restaurants', 'dishes'];
const NEARNESS: Nearness[] = ['', 'deliver', '2', '5', '10'];

const list = (value: string | null) => (value ? value.split(',').filter(Boolean) : []);

export function readSearch(params: URLSearchParams): SearchState {
  const type = params.get('type') as SearchType | null;
  const near = (params.get('near') ?? '') as Nearness;
  const page = Number(params.get('page') ?? '0');
  return {
    q: params.get('q') ?? '',
    type: type && TYPES.includes(type) ? type : 'all',
    cuisine: params.get('cuisine') ?? '',
    dietary: list(params.get('dietary')),
    excludeAllergens: list(params.get('excludeAllergens')),
    minPrice: params.get('minPrice') ?? '',
    maxPrice: params.get('maxPrice') ?? '',
    openNow: params.get('openNow') === 'true',
    near: NEARNESS.includes(near) ? near : '',
    minRating: params.get('minRating') ?? '',
    page: Number.isInteger(page) && page > 0 ? page : 0,
  };
}

/** `/search?…` with only what is set. */
export function searchHref(state: Partial<SearchState>): string {
  const params = new URLSearchParams();
  const put = (name: string, value: string | undefined) => {
    if (value) params.set(name, value);
  };
  put('q', state.q?.trim());
  put('type', state.type === 'all' ? undefined : state.type);
  put('cuisine', state.cuisine);
  put('dietary', state.dietary?.join(','));
  put('excludeAllergens', state.excludeAllergens?.join(','));
  put('minPrice', state.minPrice?.trim());
  put('maxPrice', state.maxPrice?.trim());
  put('openNow', state.openNow ? 'true' : undefined);
  put('near', state.near);
  put('minRating', state.minRating);
  put('page', state.page ? String(state.page) : undefined);
  const text = params.toString();
  return text === '' ? '/search' : `/search?${text}`;
}

/** Whole rupees typed → paise; undefined when empty or not a number. */
function paise(rupees: string): number | undefined {
  if (!/^\d{1,6}$/.test(rupees.trim())) return undefined;
  return Number(rupees.trim()) * 100;
}

/** Dish-only filters: the API refuses them when only restaurants are asked for. */
export const hasDishFilters = (s: SearchState) =>
  s.dietary.length > 0 || s.excludeAllergens.length > 0 || s.minPrice !== '' || s.maxPrice !== '';

/** The API query for a state; `home` is the default address, used only when nearness is asked for. */
export function toQuery(s: SearchState, home: Point | undefined): SearchQuery {
  const dishes = s.type !== 'restaurants';
  const query: SearchQuery = { type: s.type, page: s.page, size: PAGE_SIZE };
  if (s.q.trim() !== '') query.q = s.q.trim();
  if (s.cuisine !== '') query.cuisine = s.cuisine;
  if (dishes && s.dietary.length > 0) query.dietary = s.dietary;
  if (dishes && s.excludeAllergens.length > 0) query.excludeAllergens = s.excludeAllergens;
  const min = dishes ? paise(s.minPrice) : undefined;
  const max = dishes ? paise(s.maxPrice) : undefined;
  if (min !== undefined) query.minPrice = min;
  if (max !== undefined) query.maxPrice = max;
  if (s.openNow) query.openNow = true;
  if (s.minRating !== '') query.minRating = Number(s.minRating);
  if (s.near !== '' && home !== undefined) {
    query.lat = home.latitude;
    query.lng = home.longitude;
    if (s.near !== 'deliver') query.maxDistanceKm = Number(s.near);
  }
  return query;
}

/** Why a price range cannot be searched, in words; undefined when it can. */
export function priceProblem(s: SearchState): string | undefined {
  for (const [name, value] of [
    ['lowest', s.minPrice],
    ['highest', s.maxPrice],
  ] as const) {
    if (value.trim() !== '' && paise(value) === undefined)
      return `Write the ${name} price in whole rupees, like 150.`;
  }
  const min = paise(s.minPrice);
  const max = paise(s.maxPrice);
  if (min !== undefined && max !== undefined && min > max) return 'The lowest price is above the highest.';
  return undefined;
}
