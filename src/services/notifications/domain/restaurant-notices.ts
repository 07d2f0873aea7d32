import { toRestaurant, withReason, type Notice } from './notice.js';

/** What a status switch's notice needs (RestaurantStatusChanged v1). */
export interface RestaurantSwitch {
  restaurantId: string;
  open: boolean;
  reason?: string;
}

/** The restaurant's own inbox hears when it opens or closes, so every member of staff knows. */
export function restaurantStatusNotices(change: RestaurantSwitch, restaurantName: string | null): Notice[] {
  const who = restaurantName ?? 'Your restaurant';
  return [
    {
      recipient: toRestaurant(change.restaurantId),
      kind: change.open ? 'RESTAURANT_OPENED' : 'RESTAURANT_CLOSED',
      topic: 'RESTAURANT_UPDATES',
      title: change.open ? 'Open for orders' : 'Closed for orders',
      body: change.open
        ? `${who} is open and taking orders again${withReason(change.reason)}`
        : `${who} is closed to new orders${withReason(change.reason)}`,
      data: { restaurantId: change.restaurantId, open: change.open },
    },
  ];
}
