import { AppError } from '../../../platform/errors/app-error.js';
import {
  PromotionsErrors,
  type CreatePromotionBody,
  type Money,
  type PatchPromotionBody,
  type PromotionKind,
  type PromotionStartedV1,
  type PromotionStatus,
  type PromotionView,
} from '../contract.js';
import { normalizeCode } from './code.js';

/** An offer as the service keeps it. Amounts are paise (INR); the window is [startsAt, endsAt). */
export interface Promotion {
  id: string;
  /** Null: platform-wide, valid at every restaurant. */
  restaurantId: string | null;
  title: string;
  description: string;
  /** Upper-case; null for an offer that is announced but not redeemable by code. */
  code: string | null;
  kind: PromotionKind;
  percentOff: number | null;
  amountOff: number | null;
  maxDiscount: number | null;
  minimumOrder: number | null;
  startsAt: Date;
  endsAt: Date;
  maxRedemptions: number | null;
  perCustomerLimit: number | null;
  /** Redemptions held now (reserved or confirmed). */
  redeemed: number;
  /** False once deactivated. */
  active: boolean;
  /** When PromotionStarted was written to the outbox; null until then. */
  announcedAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

function invalid(field: string, message: string): AppError {
  return new AppError(PromotionsErrors.INVALID_PROMOTION, message, { details: { field } });
}

/**
 * A new offer from schema-valid input, or INVALID_PROMOTION naming the field that breaks a rule: the
 * window must be open-ended in the future (start before end, end after now); PERCENT takes `percentOff`
 * (and optionally `maxDiscount`), FIXED takes `amountOff` and nothing of a percentage.
 */
export function newPromotion(
  input: CreatePromotionBody,
  meta: { id: string; restaurantId: string | null; createdBy: string; now: Date },
): Promotion {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (!(startsAt < endsAt)) throw invalid('endsAt', 'The offer must end after it starts.');
  if (!(endsAt > meta.now)) throw invalid('endsAt', 'The offer would already be over.');
  const title = input.title.trim();
  if (input.kind === 'PERCENT') {
    if (input.percentOff === undefined) throw invalid('percentOff', 'A PERCENT offer needs percentOff.');
    if (input.amountOff !== undefined) throw invalid('amountOff', 'A PERCENT offer takes no amountOff.');
  } else {
    if (input.amountOff === undefined) throw invalid('amountOff', 'A FIXED offer needs amountOff.');
    if (input.percentOff !== undefined) throw invalid('percentOff', 'A FIXED offer takes no percentOff.');
    if (input.maxDiscount !== undefined) {
      throw invalid('maxDiscount', 'maxDiscount caps a percentage; a FIXED offer is its own cap.');
    }
  }
  let code: string | null = null;
  if (input.code !== undefined) {
    code = normalizeCode(input.code) ?? null;
    if (code === null) throw invalid('code', 'A code is 3 to 32 of A-Z, 0-9, - and _.');
  }
  return {
    id: meta.id,
    restaurantId: meta.restaurantId,
    title,
    description: input.description.trim(),
    code,
    kind: input.kind,
    percentOff: input.kind === 'PERCENT' ? (input.percentOff ?? null) : null,
    amountOff: input.kind === 'FIXED' ? (input.amountOff?.amount ?? null) : null,
    maxDiscount: input.maxDiscount?.amount ?? null,
    minimumOrder: input.minimumOrder?.amount ?? null,
    startsAt,
    endsAt,
    maxRedemptions: input.maxRedemptions ?? null,
    perCustomerLimit: input.perCustomerLimit ?? null,
    redeemed: 0,
    active: true,
    announcedAt: null,
    createdBy: meta.createdBy,
    createdAt: meta.now,
    updatedAt: meta.now,
  };
}

/**
 * Applies a partial change. An empty change, an end not after the start, or a cap below the redemptions
 * already held is INVALID_PROMOTION. `changed` is false when every value given is the current one.
 */
export function changePromotion(
  current: Promotion,
  patch: PatchPromotionBody,
  now: Date,
): { promotion: Promotion; changed: boolean } {
  if (Object.keys(patch).length === 0) throw invalid('(body)', 'Nothing to change.');
  const next: Promotion = { ...current };
  if (patch.title !== undefined) next.title = patch.title.trim();
  if (patch.description !== undefined) next.description = patch.description.trim();
  if (patch.endsAt !== undefined) {
    next.endsAt = new Date(patch.endsAt);
    if (!(next.startsAt < next.endsAt)) throw invalid('endsAt', 'The offer must end after it starts.');
  }
  if (patch.maxRedemptions !== undefined) {
    if (patch.maxRedemptions !== null && patch.maxRedemptions < current.redeemed) {
      throw new AppError(
        PromotionsErrors.INVALID_PROMOTION,
        `The offer already has ${current.redeemed} redemptions: the cap cannot go below that.`,
        { details: { field: 'maxRedemptions', redeemed: current.redeemed } },
      );
    }
    next.maxRedemptions = patch.maxRedemptions;
  }
  if (patch.active !== undefined) next.active = patch.active;
  const changed =
    next.title !== current.title ||
    next.description !== current.description ||
    next.endsAt.getTime() !== current.endsAt.getTime() ||
    next.maxRedemptions !== current.maxRedemptions ||
    next.active !== current.active;
  if (changed) next.updatedAt = now;
  return { promotion: next, changed };
}

export function statusAt(promotion: Promotion, now: Date): PromotionStatus {
  if (!promotion.active) return 'INACTIVE';
  if (now < promotion.startsAt) return 'SCHEDULED';
  if (now >= promotion.endsAt) return 'EXPIRED';
  return 'ACTIVE';
}

/** Running now and never announced: PromotionStarted is due. */
export function isAnnouncementDue(promotion: Promotion, now: Date): boolean {
  return promotion.announcedAt === null && statusAt(promotion, now) === 'ACTIVE';
}

/**
 * Who sees an offer without managing it: once it has started, while not deactivated (expired ones stay
 * visible). A scheduled offer stays hidden until its announcement, so its code is not out early.
 */
export function isPublic(promotion: Promotion, now: Date): boolean {
  return promotion.active && promotion.startsAt <= now;
}

export const inr = (amount: number): Money => ({ amount, currency: 'INR' });
const inrOrNull = (amount: number | null): Money | null => (amount === null ? null : inr(amount));

export function toPromotionView(promotion: Promotion, now: Date): PromotionView {
  return {
    id: promotion.id,
    restaurantId: promotion.restaurantId,
    title: promotion.title,
    description: promotion.description,
    code: promotion.code,
    kind: promotion.kind,
    percentOff: promotion.percentOff,
    amountOff: inrOrNull(promotion.amountOff),
    maxDiscount: inrOrNull(promotion.maxDiscount),
    minimumOrder: inrOrNull(promotion.minimumOrder),
    startsAt: promotion.startsAt.toISOString(),
    endsAt: promotion.endsAt.toISOString(),
    maxRedemptions: promotion.maxRedemptions,
    perCustomerLimit: promotion.perCustomerLimit,
    redeemed: promotion.redeemed,
    active: promotion.active,
    status: statusAt(promotion, now),
    createdAt: promotion.createdAt.toISOString(),
    updatedAt: promotion.updatedAt.toISOString(),
  };
}

export function promotionStartedData(promotion: Promotion): PromotionStartedV1 {
  return {
    promotionId: promotion.id,
    restaurantId: promotion.restaurantId,
    title: promotion.title,
    description: promotion.description,
    code: promotion.code,
    kind: promotion.kind,
    percentOff: promotion.percentOff,
    amountOff: inrOrNull(promotion.amountOff),
    maxDiscount: inrOrNull(promotion.maxDiscount),
    minimumOrder: inrOrNull(promotion.minimumOrder),
    startsAt: promotion.startsAt.toISOString(),
    endsAt: promotion.endsAt.toISOString(),
  };
}
