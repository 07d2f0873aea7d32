import { describe, expect, it } from 'vitest';
import { boundingBox, distanceKm, roundKm } from './geo.js';

describe('distanceKm', () => {
  it('measures great-circle distances', () => {
    const bengaluru = { latitude: 12.9716, longitude: 77.5946 };
    const chennai = { latitude: 13.0827, longitude: 80.2707 };
    expect(distanceKm(bengaluru, chennai)).toBeCloseTo(290.2, 0);
    expect(distanceKm(bengaluru, bengaluru)).toBe(0);
    expect(roundKm(1.23456)).toBe(1.23);
  });

  it('survives antipodal points', () => {
    expect(distanceKm({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 180 })).toBeCloseTo(20015, 0);
  });
});

describe('boundingBox', () => {
  it('holds the circle, and opens longitude across the antimeridian', () => {
    const box = boundingBox({ latitude: 12.97, longitude: 77.59 }, 10);
    expect(box.minLat).toBeLessThan(12.97 - 0.089);
    expect(box.maxLng).toBeGreaterThan(77.59 + 0.09);
    expect(boundingBox({ latitude: 0, longitude: 179.99 }, 10).minLng).toBeUndefined();
  });
});
