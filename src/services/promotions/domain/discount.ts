import type { PromotionKind } from '../contract.js';

/** The terms that decide an offer's discount; amounts in paise. */
export interface DiscountTerms {
  kind: PromotionKind;
  percentOff: number | null;
  amountOff: number | null;
  maxDiscount: number | null;
}

/**
 * The discount on a subtotal, in whole paise. A percentage is rounded DOWN to the paisa: the discount never
 * exceeds the advertised percentage, and the difference is under one paisa. A PERCENT offer is then held
 * to its `maxDiscount`, and no discount ever exceeds the subtotal (a ₹100-off code on a ₹60 cart takes ₹60
 * off, never makes the total negative).
 */
export function discountFor(terms: DiscountTerms, subtotal: number): number {
  if (!Number.isSafeInteger(subtotal) || subtotal <= 0) return 0;
  let discount: number;
  if (terms.kind === 'PERCENT') {
    // subtotal ≤ 10^8 and percent ≤ 100: the product stays an exact integer, so the floor is exact.
    discount = Math.floor((subtotal * (terms.percentOff ?? 0)) / 100);
    if (terms.maxDiscount !== null) discount = Math.min(discount, terms.maxDiscount);
  } else {
    discount = terms.amountOff ?? 0;
  }
  return Math.max(0, Math.min(discount, subtotal));
}
