import { createHash } from 'node:crypto';
import type { IndexPatches } from './index-patches.js';
import { multirangeLiteral, weekRanges } from './open-hours.js';
import { nameKey, stripControl, tokenize } from './text.js';

/** The patches as the rows the index writer sends, each list in key order. */
export interface IndexRows {
  /** Every restaurant a patch touched: their documents and their dishes' copies are refreshed. */
  restaurantIds: string[];
  profiles: Array<{
    id: string;
    name: string;
    description: string;
    cuisines: string[];
    latitude: number;
    longitude: number;
    delivery_radius_km: number;
    time_zone: string;
    open_week: string;
    rating_average: number;
    rating_count: number;
    status: string;
    text_hash: string;
    profile_time: string;
    profile_event: string;
  }>;
  switches: Array<{ id: string; open: boolean; open_time: string; open_event: string }>;
  dishes: Array<{
    id: string;
    restaurant_id: string;
    name: string;
    /** Null for a deleted dish. */
    text_hash: string | null;
    categories: string[];
    dietary_tags: string[];
    allergens: string[];
    price: number | null;
    available: boolean;
    deleted: boolean;
    version_time: string;
    version_event: string;
  }>;
  /** The distinct searchable texts, by kind and hash. */
  texts: SearchText[];
  /** Distinct words of the new texts, sorted. */
  words: string[];
  /** Distinct suggestions by kind and key, sorted. */
  suggestions: Array<{ kind: 'dish' | 'restaurant' | 'cuisine'; key: string; text: string }>;
  zones: string[];
}

export interface SearchText {
  kind: 'restaurant' | 'dish';
  hash: string;
  name: string;
  keywords: string;
  description: string;
}

/** A text's identity: its three parts (free of control characters, so the separator cannot occur in them). */
export function textHash(name: string, keywords: string, description: string): string {
  return createHash('sha1').update(`${name}\u001f${keywords}\u001f${description}`).digest('base64url');
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function indexRows(patches: IndexPatches): IndexRows {
  const words = new Set<string>();
  const suggestions = new Map<string, IndexRows['suggestions'][number]>();
  const zones = new Set<string>();
  const texts = new Map<string, SearchText>();
  const addText = (kind: SearchText['kind'], name: string, keywords: string, description: string) => {
    const hash = textHash(name, keywords, description);
    texts.set(`${kind}:${hash}`, { kind, hash, name, keywords, description });
    return hash;
  };
  const addWords = (...texts: string[]) => {
    for (const text of texts) for (const word of tokenize(text)) words.add(word);
  };
  const suggest = (kind: IndexRows['suggestions'][number]['kind'], text: string) => {
    const key = nameKey(text);
    if (key !== '' && !suggestions.has(`${kind}:${key}`)) {
      suggestions.set(`${kind}:${key}`, { kind, key, text: text.trim().replace(/\s+/g, ' ') });
    }
  };

  const profiles: IndexRows['profiles'] = [];
  const switches: IndexRows['switches'] = [];
  for (const facts of patches.restaurants.values()) {
    if (facts.profile !== undefined) {
      const { restaurant, version } = facts.profile;
      const name = stripControl(restaurant.name);
      const description = stripControl(restaurant.description);
      profiles.push({
        id: facts.id,
        name,
        description,
        cuisines: restaurant.cuisines,
        latitude: restaurant.address.latitude,
        longitude: restaurant.address.longitude,
        delivery_radius_km: restaurant.deliveryRadiusKm,
        time_zone: restaurant.timeZone,
        open_week: multirangeLiteral(weekRanges(restaurant.hours)),
        rating_average: restaurant.rating.average,
        rating_count: restaurant.rating.count,
        status: restaurant.status,
        text_hash: addText('restaurant', name, stripControl(restaurant.cuisines.join(' ')), description),
        profile_time: version.time,
        profile_event: version.eventId,
      });
      addWords(name, description, ...restaurant.cuisines);
      suggest('restaurant', name);
      for (const cuisine of restaurant.cuisines) suggest('cuisine', cuisine);
      zones.add(restaurant.timeZone);
    }
    if (facts.open !== undefined) {
      switches.push({
        id: facts.id,
        open: facts.open.value,
        open_time: facts.open.version.time,
        open_event: facts.open.version.eventId,
      });
    }
  }

  const dishes: IndexRows['dishes'] = [];
  for (const fact of patches.items.values()) {
    const { item, version } = fact;
    const name = item === null ? '' : stripControl(item.name);
    const description = item === null ? '' : stripControl(item.description);
    const categories = item?.categories ?? [];
    dishes.push({
      id: fact.id,
      restaurant_id: fact.restaurantId,
      name,
      text_hash:
        item === null ? null : addText('dish', name, stripControl(categories.join(' ')), description),
      categories,
      dietary_tags: item?.dietaryTags ?? [],
      allergens: item?.allergens ?? [],
      price: item?.price.amount ?? null,
      available: item?.available ?? false,
      deleted: item === null,
      version_time: version.time,
      version_event: version.eventId,
    });
    if (item !== null) {
      addWords(name, description, ...categories);
      suggest('dish', name);
    }
  }

  return {
    restaurantIds: [...patches.restaurants.keys()].sort(),
    profiles: profiles.sort(byId),
    switches: switches.sort(byId),
    dishes: dishes.sort(byId),
    texts: [...texts.values()].sort((a, b) =>
      a.kind === b.kind ? (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0) : a.kind < b.kind ? -1 : 1,
    ),
    words: [...words].sort(),
    suggestions: [...suggestions.values()].sort((a, b) =>
      a.kind === b.kind ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.kind < b.kind ? -1 : 1,
    ),
    zones: [...zones].sort(),
  };
}
