import type { Money } from '../api/types';

const rupees = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR' });

/** ₹ from paise: `{ amount: 12950 }` → `₹129.50`. A bare number is taken as paise too. */
export function formatMoney(money: Money | number | null | undefined): string {
  if (money === null || money === undefined) return '—';
  const paise = typeof money === 'number' ? money : money.amount;
  return rupees.format(paise / 100);
}

/** "129.50" (what a person types) → 12950 paise; undefined when it is not a positive amount. */
export function parseRupees(text: string): number | undefined {
  if (!/^\d+(\.\d{1,2})?$/.test(text.trim())) return undefined;
  const paise = Math.round(Number(text.trim()) * 100);
  return paise > 0 ? paise : undefined;
}
