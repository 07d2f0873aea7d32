// The cart: one restaurant's items, kept in localStorage so a reload or a new tab keeps it.
import { useSyncExternalStore } from 'react';
import type { MenuItem, Money } from '../api/types';

export interface CartLine {
  menuItemId: string;
  name: string;
  unitPrice: Money;
  quantity: number;
}

export interface Cart {
  restaurantId: string | null;
  restaurantName: string;
  lines: CartLine[];
}

const KEY = 'sattzabite.cart';
const EMPTY: Cart = { restaurantId: null, restaurantName: '', lines: [] };
const listeners = new Set<() => void>();

function load(): Cart {
  try {
    const stored = JSON.parse(window.localStorage.getItem(KEY) ?? 'null') as Cart | null;
    return stored !== null && Array.isArray(stored.lines) ? stored : EMPTY;
  } catch {
    return EMPTY;
  }
}

let current = load();

function save(next: Cart): void {
  current = next;
  window.localStorage.setItem(KEY, JSON.stringify(next));
  listeners.forEach((listener) => listener());
}

window.addEventListener('storage', (event) => {
  if (event.key !== KEY) return;
  current = load();
  listeners.forEach((listener) => listener());
});

export function useCart(): Cart {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}

/** Adds one; an item of another restaurant starts a new cart (an order is from one restaurant). */
export function addToCart(item: MenuItem, restaurantName: string): void {
  const base = current.restaurantId === item.restaurantId ? current : { ...EMPTY };
  const existing = base.lines.find((line) => line.menuItemId === item.id);
  const lines = existing
    ? base.lines.map((line) => (line === existing ? { ...line, quantity: line.quantity + 1 } : line))
    : [...base.lines, { menuItemId: item.id, name: item.name, unitPrice: item.price, quantity: 1 }];
  save({ restaurantId: item.restaurantId, restaurantName, lines });
}

export function setQuantity(menuItemId: string, quantity: number): void {
  const lines = current.lines
    .map((line) => (line.menuItemId === menuItemId ? { ...line, quantity } : line))
    .filter((line) => line.quantity > 0);
  save(lines.length === 0 ? EMPTY : { ...current, lines });
}

export function clearCart(): void {
  save(EMPTY);
}

export function cartSubtotal(cart: Cart): Money {
  const amount = cart.lines.reduce((sum, line) => sum + line.unitPrice.amount * line.quantity, 0);
  return { amount, currency: 'INR' };
}

export const cartCount = (cart: Cart) => cart.lines.reduce((sum, line) => sum + line.quantity, 0);
