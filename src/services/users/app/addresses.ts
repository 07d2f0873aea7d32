import { AppError } from '../../../platform/errors/app-error.js';
import {
  UsersErrors,
  type AddressView,
  type CreateAddressBody,
  type UpdateAddressBody,
} from '../contract.js';
import { decideDefaultChange, decideNewAddress, successorOfDeletedDefault } from '../domain/address-book.js';
import { isUuid, type UsersContext } from './context.js';
import { nothingToChange } from './profiles.js';
import type { AddressRecord } from './ports.js';

export async function listAddresses(ctx: UsersContext, userId: string): Promise<AddressView[]> {
  return (await ctx.store.listAddresses(userId)).map(toAddressView);
}

/** One address of the user's own book; another user's id answers exactly like an unknown one. */
export async function getAddress(ctx: UsersContext, userId: string, addressId: string): Promise<AddressView> {
  if (!isUuid(userId) || !isUuid(addressId)) throw addressNotFound();
  const address = await ctx.store.findAddress(userId, addressId);
  if (address === undefined) throw addressNotFound();
  return toAddressView(address);
}

export async function getDefaultAddress(ctx: UsersContext, userId: string): Promise<AddressView | null> {
  if (!isUuid(userId)) return null;
  const address = await ctx.store.findDefaultAddress(userId);
  return address === undefined ? null : toAddressView(address);
}

/** Adds an address; the count, the default and the insert are decided and written under the user's lock. */
export async function addAddress(
  ctx: UsersContext,
  userId: string,
  input: CreateAddressBody,
): Promise<AddressView> {
  const created = await ctx.store.transaction(async (repo) => {
    await repo.lockUser(userId, 'addresses');
    const decision = decideNewAddress({ count: await repo.countAddresses(userId) }, input.isDefault);
    const now = ctx.clock.now();
    if (decision.unsetOthers) await repo.unsetDefault(userId, now);
    const address: AddressRecord = {
      id: ctx.ids.next(),
      userId,
      label: input.label.trim(),
      line1: input.line1.trim(),
      line2: blankToNull(input.line2),
      city: input.city.trim(),
      postcode: input.postcode.trim(),
      latitude: input.latitude,
      longitude: input.longitude,
      instructions: blankToNull(input.instructions),
      isDefault: decision.isDefault,
      createdAt: now,
      updatedAt: now,
    };
    await repo.insertAddress(address);
    return address;
  });
  ctx.log.info({ userId, addressId: created.id, isDefault: created.isDefault }, 'address added');
  return toAddressView(created);
}

/** Changes the fields given; `isDefault: true` moves the default here in the same transaction. */
export async function updateAddress(
  ctx: UsersContext,
  userId: string,
  addressId: string,
  changes: UpdateAddressBody,
): Promise<AddressView> {
  if (Object.values(changes).every((value) => value === undefined)) throw nothingToChange();
  const updated = await ctx.store.transaction(async (repo) => {
    await repo.lockUser(userId, 'addresses');
    const current = await repo.findAddress(userId, addressId);
    if (current === undefined) throw addressNotFound();
    const decision = decideDefaultChange(current, changes.isDefault);
    const now = ctx.clock.now();
    if (decision.unsetOthers) await repo.unsetDefault(userId, now);
    const next: AddressRecord = {
      ...current,
      ...(changes.label === undefined ? {} : { label: changes.label.trim() }),
      ...(changes.line1 === undefined ? {} : { line1: changes.line1.trim() }),
      ...(changes.line2 === undefined ? {} : { line2: blankToNull(changes.line2) }),
      ...(changes.city === undefined ? {} : { city: changes.city.trim() }),
      ...(changes.postcode === undefined ? {} : { postcode: changes.postcode.trim() }),
      ...(changes.latitude === undefined ? {} : { latitude: changes.latitude }),
      ...(changes.longitude === undefined ? {} : { longitude: changes.longitude }),
      ...(changes.instructions === undefined ? {} : { instructions: blankToNull(changes.instructions) }),
      isDefault: decision.isDefault,
      updatedAt: now,
    };
    await repo.updateAddress(next);
    return next;
  });
  ctx.log.info({ userId, addressId }, 'address updated');
  return toAddressView(updated);
}

/** Deletes an address; when it was the default, the most recent remaining address becomes the default. */
export async function deleteAddress(ctx: UsersContext, userId: string, addressId: string): Promise<void> {
  const promoted = await ctx.store.transaction(async (repo) => {
    await repo.lockUser(userId, 'addresses');
    const current = await repo.findAddress(userId, addressId);
    if (current === undefined || !(await repo.deleteAddress(userId, addressId))) throw addressNotFound();
    if (!current.isDefault) return undefined;
    const successor = successorOfDeletedDefault(await repo.listAddresses(userId));
    if (successor !== undefined) await repo.setDefault(userId, successor.id, ctx.clock.now());
    return successor?.id;
  });
  ctx.log.info({ userId, addressId, promoted }, 'address deleted');
}

function toAddressView(address: AddressRecord): AddressView {
  return {
    id: address.id,
    label: address.label,
    line1: address.line1,
    line2: address.line2,
    city: address.city,
    postcode: address.postcode,
    latitude: address.latitude,
    longitude: address.longitude,
    instructions: address.instructions,
    isDefault: address.isDefault,
    createdAt: address.createdAt.toISOString(),
    updatedAt: address.updatedAt.toISOString(),
  };
}

function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? null : trimmed;
}

function addressNotFound(): AppError {
  return new AppError(UsersErrors.ADDRESS_NOT_FOUND, 'There is no such address in your address book.');
}
