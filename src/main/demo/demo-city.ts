// The demo city: believable restaurants and menus, generated from a seed so the same seed gives the same
// data everywhere. Large sizes are generated in batches to keep memory flat.
import { WEEKDAYS, type Weekday } from '../../services/restaurants/index.js';
import { COMMON_DISHES, CUISINES, DISHES_BY_CUISINE, type DemoDish } from './demo-dishes.js';
import { seededId, seededRandom, type Random } from './random.js';

export const DEMO_CITY = 'Bengaluru';
export const DEMO_TIME_ZONE = 'Asia/Kolkata';
/** The first restaurant: open around the clock and delivering across the whole demo city (DESIGN §8). */
export const DEMO_RESTAURANT_INDEX = 0;
/** The demo customer's default address: central, so the first restaurant always delivers there. */
export const DEMO_CUSTOMER_ADDRESS = {
  label: 'Home',
  line1: '14 Church Street',
  city: DEMO_CITY,
  postcode: '560001',
  latitude: 12.9752,
  longitude: 77.6057,
};

const AREAS: ReadonlyArray<[string, number, number, string]> = [
  ['MG Road', 12.9756, 77.605, '560001'],
  ['Indiranagar', 12.9719, 77.6412, '560038'],
  ['Koramangala', 12.9352, 77.6245, '560034'],
  ['Jayanagar', 12.925, 77.5938, '560041'],
  ['Malleshwaram', 13.0035, 77.571, '560003'],
  ['Whitefield', 12.9698, 77.75, '560066'],
  ['HSR Layout', 12.9116, 77.6474, '560102'],
  ['BTM Layout', 12.9166, 77.6101, '560076'],
  ['Basavanagudi', 12.9422, 77.5737, '560004'],
  ['Rajajinagar', 12.9915, 77.5544, '560010'],
  ['Hebbal', 13.0358, 77.597, '560024'],
  ['Marathahalli', 12.9591, 77.6974, '560037'],
  ['Banashankari', 12.9255, 77.5468, '560050'],
  ['Yelahanka', 13.1005, 77.5963, '560064'],
  ['Electronic City', 12.8452, 77.6602, '560100'],
  ['JP Nagar', 12.9063, 77.5857, '560078'],
  ['Frazer Town', 12.9982, 77.614, '560005'],
  ['Ulsoor', 12.9818, 77.6216, '560008'],
  ['Bellandur', 12.9304, 77.6784, '560103'],
  ['Sadashivanagar', 13.0068, 77.5813, '560080'],
];
const ADJECTIVES = [
  'Saffron',
  'Spice',
  'Tandoor',
  'Coconut',
  'Curry Leaf',
  'Golden',
  'Royal',
  'Urban',
  'Little',
  'Masala',
  'Banana Leaf',
  'Copper',
  'Pepper',
  'Tamarind',
  'Mint',
  'Ember',
  'Lotus',
  'Monsoon',
  'Jasmine',
  'Cardamom',
];
const NOUNS = [
  'Kitchen',
  'House',
  'Courtyard',
  'Cafe',
  'Dhaba',
  'Bistro',
  'Corner',
  'Table',
  'Express',
  'Junction',
  'Darbar',
  'Mess',
  'Canteen',
  'Street',
  'Garden',
];
const STREETS = [
  'Main Road',
  'Cross Road',
  '1st Main',
  '4th Cross',
  'Service Road',
  '80 Feet Road',
  'Temple Street',
];

export interface DemoRestaurant {
  id: string;
  name: string;
  description: string;
  cuisines: string[];
  address: { line1: string; city: string; postcode: string; latitude: number; longitude: number };
  contact: { phone: string; email: string };
  deliveryRadiusKm: number;
  averagePreparationMinutes: number;
  timeZone: string;
  /** Local opening intervals per weekday; an interval may run past midnight (close < open). */
  hours: Record<Weekday, Array<{ open: string; close: string }>>;
  /** True for the round-the-clock demo restaurant. */
  openAllDay: boolean;
  rating: { average: number; count: number };
}

export interface DemoMenuItem {
  id: string;
  restaurantId: string;
  name: string;
  description: string;
  price: { amount: number; currency: 'INR' };
  categories: string[];
  dietaryTags: string[];
  allergens: string[];
  nutrition: { calories: number; proteinG: number; carbsG: number; fatG: number };
  available: boolean;
}

export interface DemoCitySize {
  restaurants: number;
  minItems: number;
  maxItems: number;
}

export const DEMO_SIZES = {
  small: { restaurants: 36, minItems: 15, maxItems: 40 },
  large: { restaurants: 10_000, minItems: 20, maxItems: 40 },
} as const satisfies Record<string, DemoCitySize>;

export function demoRestaurantId(index: number): string {
  return seededId(0, index + 1);
}

/** Yields the city in batches of restaurants with their menus. */
export function* demoCityBatches(
  seed: number,
  size: DemoCitySize,
  batchSize = 500,
): Generator<{ restaurants: DemoRestaurant[]; items: DemoMenuItem[] }> {
  const random = seededRandom(seed);
  for (let start = 0; start < size.restaurants; start += batchSize) {
    const restaurants: DemoRestaurant[] = [];
    const items: DemoMenuItem[] = [];
    for (let index = start; index < Math.min(start + batchSize, size.restaurants); index++) {
      const restaurant = demoRestaurant(random, index);
      restaurants.push(restaurant);
      items.push(...demoMenu(random, restaurant, index, size));
    }
    yield { restaurants, items };
  }
}

function demoRestaurant(random: Random, index: number): DemoRestaurant {
  const first = index === DEMO_RESTAURANT_INDEX;
  const [area, lat, lng, postcode] = first ? (AREAS[0] as (typeof AREAS)[number]) : random.pick(AREAS);
  const cuisines = first ? ['North Indian', 'Biryani'] : random.some(CUISINES, random.chance(0.4) ? 2 : 1);
  const adjective = random.pick(ADJECTIVES);
  const noun = random.pick(NOUNS);
  const name = first
    ? 'Saffron Courtyard'
    : `${adjective} ${noun}${index >= 300 ? ` ${area}` : ''}${index >= 6000 ? ` ${index}` : ''}`;
  return {
    id: demoRestaurantId(index),
    name,
    description: `${cuisines.join(' and ')} in ${area}, cooked fresh to order.`,
    cuisines,
    address: {
      line1: `${random.int(1, 220)} ${random.pick(STREETS)}, ${area}`,
      city: DEMO_CITY,
      postcode,
      // Spread within ~1.5 km of the neighbourhood's centre.
      latitude: round(lat + (random.next() - 0.5) * 0.025, 6),
      longitude: round(lng + (random.next() - 0.5) * 0.025, 6),
    },
    contact: {
      phone: `+9180${random.int(10_000_000, 99_999_999)}`,
      email: `hello+r${index + 1}@demo.sattzabite.test`,
    },
    deliveryRadiusKm: first ? 40 : random.pick([4, 5, 6, 7, 8, 10]),
    averagePreparationMinutes: random.int(12, 35),
    timeZone: DEMO_TIME_ZONE,
    hours: first ? allDay() : weeklyHours(random),
    openAllDay: first,
    rating: { average: round(3.4 + random.next() * 1.5, 1), count: random.int(12, 2400) },
  };
}

function allDay(): DemoRestaurant['hours'] {
  return Object.fromEntries(
    WEEKDAYS.map((day) => [day, [{ open: '00:00', close: '24:00' }]]),
  ) as DemoRestaurant['hours'];
}

function weeklyHours(random: Random): DemoRestaurant['hours'] {
  const lateNight = random.chance(0.2);
  const split = random.chance(0.35);
  const closedDay = random.chance(0.25) ? random.pick(WEEKDAYS) : undefined;
  const day = (weekday: Weekday) => {
    if (weekday === closedDay) return [];
    if (split)
      return [
        { open: '11:30', close: '15:30' },
        { open: '18:30', close: lateNight ? '01:00' : '23:00' },
      ];
    return [{ open: random.pick(['07:00', '08:00', '11:00']), close: lateNight ? '02:00' : '23:00' }];
  };
  return Object.fromEntries(WEEKDAYS.map((weekday) => [weekday, day(weekday)])) as DemoRestaurant['hours'];
}

function demoMenu(
  random: Random,
  restaurant: DemoRestaurant,
  index: number,
  size: DemoCitySize,
): DemoMenuItem[] {
  const own = restaurant.cuisines.flatMap((cuisine) => DISHES_BY_CUISINE.get(cuisine) ?? []);
  const wanted = random.int(size.minItems, size.maxItems);
  const dishes: DemoDish[] = [
    ...random.some(own, wanted),
    ...random.some(COMMON_DISHES, COMMON_DISHES.length),
  ];
  // Some kitchens have few dishes of their own: borrow from a related menu to reach the wanted size.
  while (dishes.length < wanted) dishes.push(random.pick(DISHES_BY_CUISINE.get(random.pick(CUISINES)) ?? []));
  const priceFactor = 0.85 + random.next() * 0.45;
  const seen = new Set<string>();
  return dishes
    .filter((dish) => (seen.has(dish.name) ? false : (seen.add(dish.name), true)))
    .slice(0, wanted)
    .map((dish, n) => ({
      id: seededId(1, index * 100 + n + 1),
      restaurantId: restaurant.id,
      name: dish.name,
      description: dish.description,
      // Prices end in 0 or 5 rupees, held as paise.
      price: { amount: Math.max(20, Math.round((dish.price * priceFactor) / 5) * 5) * 100, currency: 'INR' },
      categories: [dish.category],
      dietaryTags: dish.dietaryTags,
      allergens: dish.allergens,
      nutrition: nutritionOf(random, dish),
      available: index === DEMO_RESTAURANT_INDEX ? true : !random.chance(0.04),
    }));
}

function nutritionOf(random: Random, dish: DemoDish): DemoMenuItem['nutrition'] {
  const calories = Math.round(dish.price * (1.2 + random.next()));
  return {
    calories,
    proteinG: round((calories * (0.08 + random.next() * 0.12)) / 4, 1),
    carbsG: round((calories * (0.35 + random.next() * 0.25)) / 4, 1),
    fatG: round((calories * (0.2 + random.next() * 0.15)) / 9, 1),
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
