import { describe, expect, it } from 'vitest';
import { boundingBox, distanceKm, roundKm } from './geo.js';

const mgRoad = { latitude: 12.9716, longitude: 77.5946 };

describe('distanceKm', () => {
  it('is zero for one point and symmetric', () => {
    expect(distanceKm(mgRoad, mgRoad)).toBe(0);
    const other = { latitude: 13.2, longitude: 77.7 };
    expect(distanceKm(mgRoad, other)).toBeCloseTo(distanceKm(other, mgRoad), 9);
  });

  it('measures a degree of latitude as about 111 km', () => {
    expect(distanceKm({ latitude: 0, longitude: 0 }, { latitude: 1, longitude: 0 })).toBeCloseTo(111.2, 0);
  });

  it('rounds to 10 m', () => {
    expect(roundKm(2.34567)).toBe(2.35);
  });
});

describe('boundingBox', () => {
  it('contains the points within the radius', () => {
    const box = boundingBox(mgRoad, 8);
    const east = { latitude: mgRoad.latitude, longitude: mgRoad.longitude + 0.07 };
    expect(distanceKm(mgRoad, east)).toBeLessThan(8);
    expect(east.longitude).toBeLessThanOrEqual(box.maxLng);
    expect(box.minLat).toBeLessThan(mgRoad.latitude - 0.07);
  });

  it('widens to every longitude across the antimeridian and at the poles', () => {
    expect(boundingBox({ latitude: 0, longitude: 179.99 }, 8)).toMatchObject({ minLng: -180, maxLng: 180 });
    expect(boundingBox({ latitude: 90, longitude: 0 }, 8)).toMatchObject({
      minLng: -180,
      maxLng: 180,
      maxLat: 90,
    });
  });
});
