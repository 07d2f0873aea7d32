import { describe, expect, it } from 'vitest';
import { boundingBox, distanceKm, roundKm } from './distance.js';

const bengaluru = { latitude: 12.9716, longitude: 77.5946 };

describe('distanceKm', () => {
  it('measures great-circle distances, zero for one point, the same both ways', () => {
    const chennai = { latitude: 13.0827, longitude: 80.2707 };
    expect(distanceKm(bengaluru, chennai)).toBeCloseTo(290.2, 0);
    expect(distanceKm(chennai, bengaluru)).toBeCloseTo(distanceKm(bengaluru, chennai), 9);
    expect(distanceKm(bengaluru, bengaluru)).toBe(0);
    expect(distanceKm({ latitude: 0, longitude: 0 }, { latitude: 1, longitude: 0 })).toBeCloseTo(111.2, 0);
  });

  it('survives antipodal points', () => {
    expect(distanceKm({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 180 })).toBeCloseTo(20015, 0);
  });

  it('rounds to 10 m', () => {
    expect(roundKm(1.23456)).toBe(1.23);
    expect(roundKm(2.34567)).toBe(2.35);
  });
});

describe('boundingBox', () => {
  it('holds every point of the circle', () => {
    const box = boundingBox(bengaluru, 10);
    for (let bearing = 0; bearing < 360; bearing += 15) {
      const angle = (bearing * Math.PI) / 180;
      // A point just inside the circle, at this bearing.
      const point = {
        latitude: bengaluru.latitude + (9.99 / 111.19) * Math.cos(angle),
        longitude:
          bengaluru.longitude +
          ((9.99 / 111.19) * Math.sin(angle)) / Math.cos((bengaluru.latitude * Math.PI) / 180),
      };
      expect(distanceKm(bengaluru, point)).toBeLessThan(10);
      expect(point.latitude).toBeGreaterThanOrEqual(box.minLat);
      expect(point.latitude).toBeLessThanOrEqual(box.maxLat);
      expect(point.longitude).toBeGreaterThanOrEqual(box.minLng);
      expect(point.longitude).toBeLessThanOrEqual(box.maxLng);
    }
  });

  it('widens longitude to the whole circle across the antimeridian and near the poles', () => {
    expect(boundingBox({ latitude: 0, longitude: 179.99 }, 10)).toMatchObject({ minLng: -180, maxLng: 180 });
    expect(boundingBox({ latitude: 89.99, longitude: 10 }, 10)).toMatchObject({ minLng: -180, maxLng: 180 });
  });
});
