// Every API call the app makes, named and typed (paths as in DESIGN §5 and the services' routes).
import { get, patch, post, postForm, put } from './client';
import type {
  AnalyticsSummary,
  CreatePromotionBody,
  CourierStatus,
  DeadLetterItem,
  DeliveryJob,
  DeliveryOffer,
  MenuItem,
  Money,
  NotificationItem,
  Order,
  OrderHistoryEntry,
  OrderStatus,
  Page,
  PlaceOrderBody,
  Point,
  Preferences,
  Promotion,
  ReadinessReport,
  Recommendations,
  Restaurant,
  RestaurantMenu,
  RestaurantReport,
  SavedAddress,
  SearchHit,
  SearchQuery,
  StoredFile,
  Suggestion,
  User,
} from './types';

export const auth = {
  login: (email: string, password: string) => post<{ user: User }>('/auth/login', { email, password }),
  register: (name: string, email: string, password: string) =>
    post<User>('/auth/register', { name, email, password }),
  logout: () => post<void>('/auth/logout'),
  me: () => get<User>('/auth/me'),
};

export interface RestaurantFilter {
  q?: string;
  cuisine?: string;
  openNow?: boolean;
  minRating?: number;
  sort?: 'name' | 'rating' | 'distance';
}

export const restaurants = {
  list: (filter: RestaurantFilter) =>
    get<Page<Restaurant>>('/api/restaurants', { size: 50, ...filter, openNow: filter.openNow || undefined }),
  get: (id: string) => get<Restaurant>(`/api/restaurants/${id}`),
  setOpen: (id: string, open: boolean) => put<Restaurant>(`/api/restaurants/${id}/status`, { open }),
  /** Storage urls (`/api/storage/files/{id}`); the first is the restaurant's photo. */
  setImages: (id: string, imageUrls: string[]) => patch<Restaurant>(`/api/restaurants/${id}`, { imageUrls }),
};

export const menu = {
  ofRestaurant: (restaurantId: string) => get<RestaurantMenu>(`/api/menu/restaurants/${restaurantId}`),
  setPrice: (itemId: string, price: Money) => patch<MenuItem>(`/api/menu/items/${itemId}`, { price }),
  setAvailable: (itemId: string, available: boolean) =>
    put<MenuItem>(`/api/menu/items/${itemId}/availability`, { available }),
  /** A storage url (`/api/storage/files/{id}`), or null to remove the image. */
  setImage: (itemId: string, imageUrl: string | null) =>
    patch<MenuItem>(`/api/menu/items/${itemId}`, { imageUrl }),
};

export const search = {
  /** Lists go comma-separated (the route splits them), empty ones are left out. */
  find: (query: SearchQuery, signal?: AbortSignal) =>
    get<Page<SearchHit>>(
      '/api/search',
      {
        ...query,
        dietary: query.dietary?.join(',') || undefined,
        excludeAllergens: query.excludeAllergens?.join(',') || undefined,
        openNow: query.openNow || undefined,
      },
      signal,
    ),
  suggest: (q: string, signal?: AbortSignal) =>
    get<{ suggestions: Suggestion[] }>('/api/search/suggest', { q, limit: 8 }, signal),
};

export type UploadPurpose = 'MENU_ITEM_IMAGE' | 'RESTAURANT_IMAGE';

export const storage = {
  /** The fields go before the file: the server decides on them before it reads a byte of it. */
  upload: (purpose: UploadPurpose, ownerId: string, file: File) => {
    const form = new FormData();
    form.append('purpose', purpose);
    form.append('ownerId', ownerId);
    form.append('file', file, file.name);
    return postForm<StoredFile>('/api/storage/upload', form);
  },
};

export const recommendations = {
  forMe: (near: Point | undefined) =>
    get<Recommendations>('/api/recommendations', {
      limit: 6,
      lat: near?.latitude,
      lng: near?.longitude,
    }),
};

export const me = {
  addresses: () => get<SavedAddress[]>('/api/users/me/addresses'),
  preferences: () => get<Preferences>('/api/users/me/preferences'),
  savePreferences: (preferences: Preferences) => put<Preferences>('/api/users/me/preferences', preferences),
  history: (page = 0) => get<Page<OrderHistoryEntry>>('/api/users/me/orders', { page, size: 20 }),
  /** The orders service's own list of my orders (it carries each order's promotion code and discount). */
};

export const orders = {
  place: (body: PlaceOrderBody, idempotencyKey: string) =>
    post<Order>('/api/orders', body, { 'idempotency-key': idempotencyKey }),
  get: (id: string) => get<Order>(`/api/orders/${id}`),
  queue: (restaurantId: string) =>
    get<Page<Order>>('/api/orders', { active: true, restaurantId, size: 100, sort: 'createdAt,asc' }),
  setStatus: (id: string, status: OrderStatus) => put<Order>(`/api/orders/${id}/status`, { status }),
  cancel: (id: string, reason: string) => post<Order>(`/api/orders/${id}/cancel`, { reason }),
};

export interface PromotionQuote {
  promotionId: string;
  code: string;
  title: string;
  kind: string;
  discount: Money;
}

export const promotions = {
  quote: (code: string, restaurantId: string, subtotal: Money) =>
    post<PromotionQuote>('/api/promotions/quote', { code, restaurantId, subtotal }),
  /** The offers running now (one restaurant's own with `restaurantId`), soonest-ending first. */
  active: (restaurantId?: string) => get<Page<Promotion>>('/api/promotions', { restaurantId, size: 50 }),
  /** A restaurant's offers, scheduled and ended ones too (its admins). */
  ofRestaurant: (restaurantId: string) =>
    get<Page<Promotion>>('/api/promotions', {
      restaurantId,
      includeInactive: true,
      size: 50,
      sort: '-createdAt',
    }),
  create: (body: CreatePromotionBody) => post<Promotion>('/api/promotions', body),
};

export const notifications = {
  list: () => get<Page<NotificationItem>>('/api/notifications', { size: 50 }),
  read: (id: string) => post<NotificationItem>(`/api/notifications/${id}/read`),
  readAll: () => post<{ updated: number }>('/api/notifications/read-all'),
};

export const delivery = {
  status: () => get<CourierStatus>('/api/deliveries/me'),
  setOnline: (online: boolean, where: Point) =>
    put<CourierStatus>('/api/deliveries/me', {
      online,
      latitude: where.latitude,
      longitude: where.longitude,
    }),
  offers: () => get<Page<DeliveryOffer>>('/api/deliveries/offers', { size: 50 }),
  jobs: () => get<Page<DeliveryJob>>('/api/deliveries/jobs', { size: 20 }),
  accept: (orderId: string) => post<DeliveryJob>(`/api/deliveries/${orderId}/accept`),
  sendLocation: (orderId: string, where: Point) =>
    post<unknown>(`/api/deliveries/${orderId}/location`, {
      latitude: where.latitude,
      longitude: where.longitude,
    }),
};

export const operations = {
  analytics: () => get<AnalyticsSummary>('/api/analytics/summary'),
  restaurantAnalytics: (restaurantId: string) =>
    get<RestaurantReport>(`/api/analytics/restaurants/${restaurantId}`),
  deadLetters: () => get<DeadLetterItem[] | Page<DeadLetterItem>>('/api/admin/dlq'),
  redrive: (id: string | number) => post<unknown>(`/api/admin/dlq/${encodeURIComponent(String(id))}/redrive`),
  readiness: async (): Promise<ReadinessReport> => {
    // /ready answers 503 with the same report when a check is down: both are worth showing.
    const response = await fetch('/ready', { credentials: 'same-origin' });
    return (await response.json()) as ReadinessReport;
  },
};
