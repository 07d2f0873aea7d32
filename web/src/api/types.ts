// The shapes the web app reads from the API, written by hand from the services' contracts (the app does
// not import server code: it is built for the browser on its own).

export interface Money {
  amount: number;
  currency: string;
}

export interface Page<T> {
  content: T[];
  page: number;
  size: number;
  totalElements: number;
  totalPages: number;
}

export interface ApiErrorBody {
  timestamp?: string;
  status: number;
  error?: string;
  code: string;
  message: string;
  path?: string;
  requestId?: string;
  details?: Record<string, unknown>;
}

export type Role = 'CUSTOMER' | 'RESTAURANT_STAFF' | 'RESTAURANT_ADMIN' | 'DELIVERY_PARTNER' | 'SYSTEM_ADMIN';

export interface User {
  id: string;
  email: string;
  name: string;
  roles: string[];
  restaurantIds: string[];
}

export interface Point {
  latitude: number;
  longitude: number;
}

export interface PostalAddress extends Point {
  line1: string;
  city: string;
  postcode: string;
}

export interface OpeningInterval {
  open: string;
  close: string;
}

export interface Restaurant {
  id: string;
  name: string;
  description: string;
  cuisines: string[];
  address: PostalAddress;
  rating: { average: number; count: number };
  open: boolean;
  openNow: boolean;
  averagePreparationMinutes: number;
  deliveryRadiusKm: number;
  /** The first is the restaurant's photo. */
  imageUrls: string[];
  distanceKm?: number;
  hours: Record<string, OpeningInterval[]>;
}

export interface MenuItem {
  id: string;
  restaurantId: string;
  name: string;
  description: string;
  price: Money;
  categories: string[];
  dietaryTags: string[];
  allergens: string[];
  available: boolean;
  imageUrl: string | null;
}

export interface RestaurantMenu {
  restaurantId: string;
  categories: Array<{ name: string; itemCount: number; availableCount: number }>;
  items: MenuItem[];
}

export interface SavedAddress extends PostalAddress {
  id: string;
  label: string;
  line2: string | null;
  instructions: string | null;
  isDefault: boolean;
}

export const ORDER_STATUSES = [
  'PENDING',
  'CONFIRMED',
  'PREPARING',
  'READY',
  'OUT_FOR_DELIVERY',
  'DELIVERED',
  'PICKED_UP',
  'CANCELLED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderLine {
  menuItemId: string;
  name: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
  specialInstructions?: string;
}

export interface CourierLocation extends Point {
  at: string;
}

export interface Order {
  orderId: string;
  customerId: string;
  restaurantId: string;
  courierId: string | null;
  fulfillment: 'DELIVERY' | 'PICKUP';
  status: OrderStatus;
  items: OrderLine[];
  subtotal: Money;
  deliveryFee: Money;
  discount: Money;
  /** The promotion code the order was placed with, null without one. */
  promotionCode: string | null;
  totalAmount: Money;
  paymentMethod: 'CARD' | 'CASH';
  payment: { state: string; paymentId: string | null; failureCode: string | null };
  deliveryAddress: PostalAddress | null;
  distanceKm: number | null;
  estimatedDeliveryTime: string;
  cancellation: { reason: string; at: string; completed: boolean } | null;
  refunded: boolean;
  refundPending: boolean;
  courierLocation: CourierLocation | null;
  createdAt: string;
  updatedAt: string;
}

export interface OrderHistoryEntry {
  orderId: string;
  restaurantId: string;
  status: OrderStatus;
  fulfillment: string;
  totalAmount: Money;
  itemSummary: string;
  refunded: boolean;
  promotionCode: string | null;
  discount: Money;
  createdAt: string;
  updatedAt: string;
}

export type Payment = { method: 'CARD'; token: string } | { method: 'CASH' };

export interface PlaceOrderBody {
  restaurantId: string;
  items: Array<{ menuItemId: string; quantity: number; specialInstructions?: string }>;
  fulfillment: 'DELIVERY' | 'PICKUP';
  addressId?: string;
  deliveryAddress?: PostalAddress;
  payment: Payment;
  promotionCode?: string;
}

export interface NotificationItem {
  id: string;
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export interface Channels {
  inApp: boolean;
  email: boolean;
  sms: boolean;
}

export interface Preferences {
  cuisines: string[];
  dietaryRestrictions: string[];
  notificationChannels: Record<string, Channels>;
}

export interface CourierStatus {
  courierId: string;
  online: boolean;
  latitude: number | null;
  longitude: number | null;
  locatedAt: string | null;
  activeJobs: number;
}

export interface DeliveryOffer {
  orderId: string;
  restaurantId: string;
  restaurantName: string;
  pickup: Point;
  dropOff: PostalAddress | null;
  distanceKm: number;
  tripKm: number | null;
  offeredAt: string;
}

export interface DeliveryJob {
  orderId: string;
  restaurantId: string;
  restaurantName: string | null;
  pickup: Point | null;
  dropOff: PostalAddress | null;
  orderStatus: string;
  active: boolean;
  assignedAt: string;
  lastLocation: CourierLocation | null;
}

export interface ReadinessReport {
  status: 'UP' | 'DOWN';
  checks: Record<string, string>;
  errors?: Record<string, string>;
}

/** One point of a report's series (hours or minutes), revenue in paise. */
export interface SeriesPoint {
  orders: number;
  revenue: Money;
}

/** The figures both analytics reports share (the platform's summary and one restaurant's report). */
export interface AnalyticsReport {
  from: string;
  to: string;
  orders: number;
  revenue: Money;
  averageOrderValue: Money | null;
  statusCounts: Record<string, number>;
  ordersPerHour: Array<SeriesPoint & { hour: string }>;
  ordersPerMinute: Array<SeriesPoint & { minute: string }>;
  averagePreparationMinutes: number | null;
  averageDeliveryMinutes: number | null;
  averageTotalMinutes?: number | null;
  cancellationRate: number | null;
  refundRate: number | null;
  topItems: Array<{ menuItemId: string; name: string; quantity: number; revenue: Money }>;
}

export interface AnalyticsSummary extends AnalyticsReport {
  perRestaurant: Array<{ restaurantId: string; orders: number; revenue: Money }>;
}

export interface RestaurantReport extends AnalyticsReport {
  restaurantId: string;
}

/** A dead-lettered event as the operations routes list it (fields beyond these are shown as they come). */
export interface DeadLetterItem {
  id: string | number;
  service?: string;
  consumer?: string;
  eventId?: string;
  eventType?: string;
  event?: { type?: string; subject?: string };
  error?: string;
  attempts?: number;
  failedAt?: string;
}

/** What the live channels (STOMP and SSE) carry, per live-contract.md. */
export interface LiveMessage {
  id: string;
  type: string;
  time: string;
  subject: string;
  data: Record<string, unknown>;
}

export const DIETARY_TAGS = [
  'VEGETARIAN',
  'VEGAN',
  'EGGETARIAN',
  'JAIN',
  'HALAL',
  'KOSHER',
  'GLUTEN_FREE',
  'DAIRY_FREE',
  'NUT_FREE',
  'CONTAINS_EGG',
  'SPICY',
] as const;

export const ALLERGENS = [
  'PEANUTS',
  'TREE_NUTS',
  'MILK',
  'EGG',
  'WHEAT',
  'GLUTEN',
  'SOY',
  'FISH',
  'SHELLFISH',
  'MOLLUSCS',
  'SESAME',
  'MUSTARD',
  'CELERY',
  'LUPIN',
] as const;

export type SearchType = 'all' | 'restaurants' | 'dishes';

/** `GET /api/search` parameters (prices in paise; lists go comma-separated). */
export interface SearchQuery {
  q?: string;
  type?: SearchType;
  cuisine?: string;
  dietary?: string[];
  excludeAllergens?: string[];
  minPrice?: number;
  maxPrice?: number;
  openNow?: boolean;
  lat?: number;
  lng?: number;
  maxDistanceKm?: number;
  minRating?: number;
  page?: number;
  size?: number;
}

/** One search hit; `highlight` is HTML-escaped text with the matched words in `<mark>…</mark>`. */
export interface SearchHit {
  kind: 'restaurant' | 'dish';
  id: string;
  restaurantId: string;
  name: string;
  restaurantName: string;
  cuisines: string[];
  rating: { average: number; count: number };
  openNow: boolean;
  price?: Money;
  categories?: string[];
  dietaryTags?: string[];
  allergens?: string[];
  distanceKm?: number;
  score: number;
  highlight: { name: string; description?: string };
}

export interface Suggestion {
  text: string;
  kind: 'dish' | 'restaurant' | 'cuisine';
  /** `text` HTML-escaped, the typed prefix in `<mark>…</mark>`. */
  highlight: string;
}

/** A stored file as `POST /api/storage/upload` answers it. */
export interface StoredFile {
  id: string;
  url: string;
  contentType: string;
  size: number;
  originalName: string | null;
  purpose: 'RESTAURANT_IMAGE' | 'MENU_ITEM_IMAGE' | 'AVATAR';
  ownerId: string;
}

export type ReasonKind = 'CO_ORDERED' | 'PREFERRED_CUISINE' | 'POPULAR';

export interface RecommendedRestaurant {
  restaurantId: string;
  name: string;
  cuisines: string[];
  imageUrl: string | null;
  rating: { average: number; count: number };
  openNow: boolean;
  distanceKm: number | null;
  reason: string;
  reasonKind: ReasonKind;
}

export interface RecommendedDish {
  menuItemId: string;
  restaurantId: string;
  restaurantName: string;
  name: string;
  price: Money;
  imageUrl: string | null;
  dietaryTags: string[];
  openNow: boolean;
  distanceKm: number | null;
  reason: string;
  reasonKind: ReasonKind;
}

export interface Recommendations {
  restaurants: RecommendedRestaurant[];
  dishes: RecommendedDish[];
  basis: 'PERSONAL' | 'POPULAR_NEARBY';
}

export type PromotionKind = 'PERCENT' | 'FIXED';

export interface Promotion {
  id: string;
  /** Null for a platform-wide offer. */
  restaurantId: string | null;
  title: string;
  description: string;
  code: string | null;
  kind: PromotionKind;
  percentOff: number | null;
  amountOff: Money | null;
  maxDiscount: Money | null;
  minimumOrder: Money | null;
  startsAt: string;
  endsAt: string;
  maxRedemptions: number | null;
  perCustomerLimit: number | null;
  redeemed: number;
  active: boolean;
  status: 'SCHEDULED' | 'ACTIVE' | 'EXPIRED' | 'INACTIVE';
}

/** `POST /api/promotions` (amounts in paise). */
export interface CreatePromotionBody {
  restaurantId?: string | null;
  title: string;
  description: string;
  code?: string;
  kind: PromotionKind;
  percentOff?: number;
  amountOff?: Money;
  maxDiscount?: Money;
  minimumOrder?: Money;
  startsAt: string;
  endsAt: string;
  maxRedemptions?: number;
  perCustomerLimit?: number;
}
