import type { Restaurant } from '../api/types';
import { shownImage } from '../lib/images';

/** The restaurant's photo (the first of its images), when it has one the app may show. */
export function RestaurantPhoto({ restaurant }: { restaurant: Restaurant }) {
  const photo = shownImage(restaurant.imageUrls[0]);
  if (photo === undefined) return null;
  return (
    <img
      src={photo}
      alt={`Photo of ${restaurant.name}`}
      className="restaurant-photo"
      width={320}
      height={160}
    />
  );
}
