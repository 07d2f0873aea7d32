import { AppError, CommonErrors, hasCode } from '../../../platform/errors/app-error.js';
import type { Principal } from '../../../platform/http/principal.js';
import type { UserView } from '../../auth/index.js';
import { RestaurantsErrors, type ApprovalBody, type CreateRestaurantBody } from '../contract.js';
import { assertTimeZone, normalizeHours } from '../domain/opening-hours.js';
import { changeRestaurant } from './change-restaurant.js';
import type { RestaurantsContext } from './context.js';
import type { RestaurantRecord } from './ports.js';
import { notFound } from './restaurant-access.js';
import { normalizeCuisines, profileUpdated } from './restaurant-views.js';

/**
 * A system admin creates an ACTIVE restaurant (its `ownerEmail` account becomes its admin); anyone else
 * signed in applies, and the restaurant waits for approval with the applicant recorded. Everything is
 * checked before anything is written. The owner's grant in auth comes first and is taken back if the
 * restaurant cannot be stored, so no restaurant is left without the owner it was created for.
 */
export async function createRestaurant(
  ctx: RestaurantsContext,
  principal: Principal,
  body: CreateRestaurantBody,
): Promise<RestaurantRecord> {
  const isSystemAdmin = principal.roles.includes('SYSTEM_ADMIN');
  if (body.ownerEmail !== undefined && !isSystemAdmin) {
    throw new AppError(CommonErrors.FORBIDDEN, 'Only system admins name the owner of a restaurant.');
  }
  assertTimeZone(body.timeZone);
  const hours = normalizeHours(body.hours ?? {});
  const owner = body.ownerEmail === undefined ? undefined : await accountByEmail(ctx, body.ownerEmail);
  const now = ctx.clock.now().toISOString();
  const record: RestaurantRecord = {
    id: ctx.ids.next(),
    name: body.name,
    description: body.description ?? '',
    cuisines: normalizeCuisines(body.cuisines ?? []),
    address: body.address,
    contact: body.contact,
    imageUrls: body.imageUrls ?? [],
    deliveryRadiusKm: body.deliveryRadiusKm,
    averagePreparationMinutes: body.averagePreparationMinutes ?? 20,
    timeZone: body.timeZone,
    hours,
    rating: { average: 0, count: 0 },
    status: isSystemAdmin ? 'ACTIVE' : 'PENDING_APPROVAL',
    open: true,
    statusReason: null,
    applicantId: isSystemAdmin ? null : principal.userId,
    createdAt: now,
    updatedAt: now,
  };
  if (owner !== undefined) {
    await ctx.auth.setRestaurantRoles({
      accountId: owner.id,
      restaurantId: record.id,
      roles: ['RESTAURANT_ADMIN'],
    });
  }
  try {
    await ctx.store.transaction(async (repo, tx) => {
      await repo.insert(record);
      if (owner !== undefined) {
        await repo.saveStaff(record.id, {
          accountId: owner.id,
          email: owner.email,
          name: owner.name,
          role: 'RESTAURANT_ADMIN',
          grantedAt: now,
        });
      }
      await ctx.messaging.publish(tx, [profileUpdated(ctx, record)]);
    });
  } catch (error) {
    if (owner !== undefined) await revokeQuietly(ctx, owner.id, record.id);
    throw error;
  }
  ctx.log.info({ restaurantId: record.id, status: record.status }, 'restaurant created');
  return record;
}

/**
 * Approves (ACTIVE; the applicant becomes its admin) or rejects an application. The grant in auth is
 * idempotent and comes first: should the decision then fail to commit, repeating it repairs everything.
 */
export async function decideApproval(
  ctx: RestaurantsContext,
  id: string,
  body: ApprovalBody,
): Promise<RestaurantRecord> {
  const pending = await ctx.store.findById(id);
  if (pending === undefined) throw notFound(id);
  assertPending(pending);
  let applicant: UserView | undefined;
  if (body.approved && pending.applicantId !== null) {
    applicant = await ctx.auth.getAccount(pending.applicantId);
    await ctx.auth.setRestaurantRoles({
      accountId: applicant.id,
      restaurantId: id,
      roles: ['RESTAURANT_ADMIN'],
    });
  }
  const record = await changeRestaurant(ctx, id, async (current, now, repo) => {
    assertPending(current);
    const next: RestaurantRecord = {
      ...current,
      status: body.approved ? 'ACTIVE' : 'REJECTED',
      statusReason: body.reason ?? null,
      updatedAt: now.toISOString(),
    };
    if (applicant !== undefined) {
      await repo.saveStaff(id, {
        accountId: applicant.id,
        email: applicant.email,
        name: applicant.name,
        role: 'RESTAURANT_ADMIN',
        grantedAt: now.toISOString(),
      });
    }
    return { record: next, events: [profileUpdated(ctx, next)] };
  });
  ctx.log.info({ restaurantId: id, status: record.status }, 'restaurant application decided');
  return record;
}

function assertPending(record: RestaurantRecord): void {
  if (record.status !== 'PENDING_APPROVAL') {
    throw new AppError(
      RestaurantsErrors.NOT_PENDING,
      `The restaurant is ${record.status}, not waiting for approval.`,
      {
        details: { status: record.status },
      },
    );
  }
}

export async function accountByEmail(ctx: RestaurantsContext, email: string): Promise<UserView> {
  const account = await ctx.auth.findAccountByEmail(email);
  if (account === null) {
    throw new AppError(RestaurantsErrors.ACCOUNT_NOT_FOUND, 'No account has this email.', {
      details: { email },
    });
  }
  return account;
}

/** Compensation after a failed insert: the original error is what the caller must see, so this one is logged. */
async function revokeQuietly(
  ctx: RestaurantsContext,
  accountId: string,
  restaurantId: string,
): Promise<void> {
  try {
    await ctx.auth.setRestaurantRoles({ accountId, restaurantId, roles: [] });
  } catch (error) {
    if (!hasCode(error, 'AUTH.ACCOUNT_NOT_FOUND')) {
      ctx.log.error({ err: error, accountId, restaurantId }, 'could not take back an owner grant');
    }
  }
}
