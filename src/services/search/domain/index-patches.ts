import type { EventEnvelope } from '../../../platform/messaging/index.js';
import { CatalogEvents, type MenuItemUpdatedV1, type MenuItemView } from '../../catalog/index.js';
import {
  RestaurantEvents,
  type RestaurantProfile,
  type RestaurantProfileUpdatedV1,
  type RestaurantStatusChangedV1,
} from '../../restaurants/index.js';

/**
 * What events do to the index, as pure folds. Every event states a fact in full (an item as it now is, a
 * whole profile, the switch's position), so applying one is "keep the newest": each fact carries the
 * version of the event that stated it, and an older version never overwrites a newer one. That makes the
 * index the same whatever the order or repetition of deliveries, and lets a rebuild apply thousands of
 * events at once (the live consumer applies a batch of one, through the same functions).
 */

/** An event's place in time: its instant, then its id (UUID v7, which sorts by creation) for equal instants. */
export interface Version {
  time: string;
  eventId: string;
}

export function versionOf(event: Pick<EventEnvelope, 'time' | 'id'>): Version {
  return { time: event.time, eventId: event.id };
}

/** True when `a` is later than `b` (or `b` is unknown). */
export function isNewer(a: Version, b: Version | undefined): boolean {
  if (b === undefined) return true;
  const at = Date.parse(a.time);
  const bt = Date.parse(b.time);
  if (at !== bt) return at > bt;
  return a.eventId > b.eventId;
}

/** A menu item as the newest event seen states it; `item: null` once deleted. */
export interface ItemFact {
  id: string;
  restaurantId: string;
  item: MenuItemView | null;
  version: Version;
}

/** What is known of a restaurant: its profile and its switch, each with its own version. */
export interface RestaurantFacts {
  id: string;
  profile?: { restaurant: RestaurantProfile; version: Version };
  /** The manual switch, from RestaurantStatusChanged or from a profile (which carries it too). */
  open?: { value: boolean; version: Version };
}

export interface IndexPatches {
  items: Map<string, ItemFact>;
  restaurants: Map<string, RestaurantFacts>;
}

export function emptyPatches(): IndexPatches {
  return { items: new Map(), restaurants: new Map() };
}

/**
 * Folds one event into the patches (mutating them: a rebuild folds hundreds of thousands). Events of
 * other types, or of versions this code does not know, change nothing.
 */
export function foldEvent(patches: IndexPatches, event: EventEnvelope): void {
  const version = versionOf(event);
  if (event.type === CatalogEvents.MENU_ITEM_UPDATED && event.version === 1) {
    const data = event.data as MenuItemUpdatedV1;
    const id = data.itemId.toLowerCase();
    const current = patches.items.get(id);
    if (current !== undefined && !isNewer(version, current.version)) return;
    const item = data.change === 'DELETED' || data.item === null || data.item.deleted ? null : data.item;
    patches.items.set(id, { id, restaurantId: data.restaurantId.toLowerCase(), item, version });
    return;
  }
  if (event.type === RestaurantEvents.PROFILE_UPDATED && event.version === 1) {
    const { restaurant } = event.data as RestaurantProfileUpdatedV1;
    const facts = factsOf(patches, restaurant.id);
    if (facts.profile === undefined || isNewer(version, facts.profile.version)) {
      facts.profile = { restaurant, version };
    }
    setOpen(facts, restaurant.open, version);
    return;
  }
  if (event.type === RestaurantEvents.STATUS_CHANGED && event.version === 1) {
    const data = event.data as RestaurantStatusChangedV1;
    setOpen(factsOf(patches, data.restaurantId), data.open, version);
  }
}

export function foldEvents(events: readonly EventEnvelope[], patches = emptyPatches()): IndexPatches {
  for (const event of events) foldEvent(patches, event);
  return patches;
}

function factsOf(patches: IndexPatches, restaurantId: string): RestaurantFacts {
  const id = restaurantId.toLowerCase();
  let facts = patches.restaurants.get(id);
  if (facts === undefined) {
    facts = { id };
    patches.restaurants.set(id, facts);
  }
  return facts;
}

function setOpen(facts: RestaurantFacts, value: boolean, version: Version): void {
  if (facts.open === undefined || isNewer(version, facts.open.version)) facts.open = { value, version };
}
