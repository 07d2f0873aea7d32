/** A point on the earth, in decimal degrees. */
export interface GeoPoint {
  latitude: number;
  longitude: number;
}

const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEGREE_LATITUDE = 111.32;
const toRadians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in km (haversine): exact enough for city distances, and cheap. */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = toRadians(b.latitude - a.latitude);
  const dLng = toRadians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(toRadians(a.latitude)) * Math.cos(toRadians(b.latitude)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Rounded to 10 m, as couriers are shown it. */
export function roundKm(km: number): number {
  return Math.round(km * 100) / 100;
}

/**
 * A latitude/longitude box that contains every point within `radiusKm` of `center`, so SQL can pre-filter
 * on plain columns before the exact distance is computed. Near the poles the longitude span is the whole
 * circle; a box crossing the antimeridian is widened to all longitudes rather than split in two.
 */
export function boundingBox(
  center: GeoPoint,
  radiusKm: number,
): { minLat: number; maxLat: number; minLng: number; maxLng: number } {
  const dLat = radiusKm / KM_PER_DEGREE_LATITUDE;
  const cosLat = Math.cos(toRadians(center.latitude));
  const dLng = cosLat < 1e-6 ? 180 : radiusKm / (KM_PER_DEGREE_LATITUDE * cosLat);
  const minLng = center.longitude - dLng;
  const maxLng = center.longitude + dLng;
  const wraps = minLng < -180 || maxLng > 180;
  return {
    minLat: Math.max(-90, center.latitude - dLat),
    maxLat: Math.min(90, center.latitude + dLat),
    minLng: wraps ? -180 : minLng,
    maxLng: wraps ? 180 : maxLng,
  };
}
