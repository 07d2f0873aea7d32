/** Mean Earth radius (IUGG), the one the SQL distance uses too. */
export const EARTH_RADIUS_KM = 6371.0088;

export interface GeoPoint {
  latitude: number;
  longitude: number;
}

const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance by the haversine formula, in km. */
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
 * A latitude/longitude box that holds every point within `radiusKm` of `center`, to narrow a search by an
 * index before the exact distance. Longitude is left open (undefined) near the poles or across the
 * antimeridian, where a simple box would wrongly cut.
 */
export function boundingBox(
  center: GeoPoint,
  radiusKm: number,
): { minLat: number; maxLat: number; minLng?: number; maxLng?: number } {
  const dLat = (radiusKm / EARTH_RADIUS_KM) * (180 / Math.PI);
  const minLat = Math.max(-90, center.latitude - dLat);
  const maxLat = Math.min(90, center.latitude + dLat);
  const cos = Math.cos(radians(Math.max(Math.abs(minLat), Math.abs(maxLat))));
  if (cos < 0.01) return { minLat, maxLat };
  const dLng = dLat / cos;
  const minLng = center.longitude - dLng;
  const maxLng = center.longitude + dLng;
  if (minLng < -180 || maxLng > 180) return { minLat, maxLat };
  return { minLat, maxLat, minLng, maxLng };
}
