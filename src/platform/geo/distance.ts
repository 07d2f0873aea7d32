/** Mean Earth radius (IUGG); SQL distances that must agree with these use the same one. */
export const EARTH_RADIUS_KM = 6371.0088;

/** A point on the earth, in decimal degrees. */
export interface GeoPoint {
  latitude: number;
  longitude: number;
}

const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance by the haversine formula, in km: exact enough for city distances, and cheap. */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = radians(b.latitude - a.latitude);
  const dLng = radians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLng / 2) ** 2;
  // Rounding can push h a hair above 1 for antipodal points; asin would answer NaN.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1, h)));
}

/** Distances are shown to 10 m: more digits only suggest a precision the coordinates do not have. */
export function roundKm(km: number): number {
  return Math.round(km * 100) / 100;
}

/**
 * A latitude/longitude box that holds every point within `radiusKm` of `center`, so SQL can narrow a
 * search on plain indexed columns before the exact distance. Near the poles, or when the box would cross
 * the antimeridian, longitude is widened to the whole circle rather than cut wrongly.
 */
export function boundingBox(
  center: GeoPoint,
  radiusKm: number,
): { minLat: number; maxLat: number; minLng: number; maxLng: number } {
  const dLat = (radiusKm / EARTH_RADIUS_KM) * (180 / Math.PI);
  const minLat = Math.max(-90, center.latitude - dLat);
  const maxLat = Math.min(90, center.latitude + dLat);
  const cos = Math.cos(radians(Math.max(Math.abs(minLat), Math.abs(maxLat))));
  const whole = { minLat, maxLat, minLng: -180, maxLng: 180 };
  if (cos < 0.01) return whole;
  const dLng = dLat / cos;
  const minLng = center.longitude - dLng;
  const maxLng = center.longitude + dLng;
  if (minLng < -180 || maxLng > 180) return whole;
  return { minLat, maxLat, minLng, maxLng };
}
