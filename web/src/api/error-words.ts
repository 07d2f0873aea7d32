// Errors as a person reads them: known codes in plain words, otherwise the server's own message (which is
// written for people too), never the raw JSON.
import { ApiError } from './client';

const WORDS: Record<string, string> = {
  NETWORK: 'The server cannot be reached. Check your connection and try again.',
  'AUTH.INVALID_CREDENTIALS': 'That email and password do not match an account.',
  'AUTH.ACCOUNT_LOCKED': 'Too many failed sign-ins: the account is locked for a while.',
  'AUTH.ACCOUNT_DISABLED': 'This account has been disabled.',
  'AUTH.EMAIL_TAKEN': 'An account with this email already exists. Sign in instead.',
  'AUTH.WEAK_PASSWORD': 'Choose a longer password (at least 10 characters).',
  'COMMON.UNAUTHENTICATED': 'Please sign in first.',
  'TOKEN.EXPIRED': 'Your session has ended. Please sign in again.',
  'TOKEN.INVALID': 'Your session is not valid any more. Please sign in again.',
  'COMMON.FORBIDDEN': 'Your account is not allowed to do this.',
  'COMMON.RATE_LIMITED': 'Too many requests. Wait a moment and try again.',
  'COMMON.SERVICE_UNAVAILABLE': 'This part of SattzaBite is unavailable right now. Try again shortly.',
  'COMMON.TIMEOUT': 'The server took too long to answer. Try again.',
  'COMMON.INTERNAL_ERROR': 'Something went wrong on our side. Try again.',
  'ORDERS.PAYMENT_DECLINED':
    'Your card was declined, so the order was cancelled. Try another card or pay cash.',
  'ORDERS.ITEM_SOLD_OUT': 'Some items in your cart have just sold out. Remove them and try again.',
  'ORDERS.ITEM_NOT_FOUND': 'Some items in your cart are no longer on the menu.',
  'ORDERS.RESTAURANT_CLOSED': 'The restaurant is closed right now.',
  'ORDERS.RESTAURANT_NOT_ACTIVE': 'The restaurant is not taking orders.',
  'ORDERS.OUTSIDE_DELIVERY_RADIUS': 'This address is outside the restaurant’s delivery area.',
  'ORDERS.ADDRESS_NOT_FOUND': 'That address is no longer in your address book.',
  'ORDERS.INVALID_DELIVERY_ADDRESS': 'Choose a delivery address (or switch to pickup).',
  'ORDERS.INVALID_ORDER_STATE': 'The order has moved on meanwhile: refresh to see where it is.',
  'ORDERS.FORBIDDEN_TRANSITION': 'You cannot move this order to that step.',
  'ORDERS.COURIER_ALREADY_ASSIGNED': 'Another courier already has this order.',
  'PROMOTIONS.CODE_NOT_FOUND': 'There is no promotion with this code.',
  'PROMOTIONS.CODE_NOT_STARTED': 'This promotion has not started yet.',
  'PROMOTIONS.CODE_EXPIRED': 'This promotion has ended.',
  'PROMOTIONS.CODE_EXHAUSTED': 'This promotion has been used up.',
  'PROMOTIONS.CODE_NOT_APPLICABLE': 'This promotion is for another restaurant.',
  'PROMOTIONS.MINIMUM_NOT_MET': 'Your order is below this promotion’s minimum amount.',
  'PROMOTIONS.CUSTOMER_LIMIT_REACHED': 'You have already used this promotion as often as it allows.',
  'PROMOTIONS.CODE_TAKEN': 'Another offer already uses this code (codes are never reused). Pick another.',
  'PROMOTIONS.FORBIDDEN': 'Only the restaurant’s admins can manage its offers.',
  'PROMOTIONS.RESTAURANT_NOT_FOUND': 'This restaurant does not exist any more.',
  'STORAGE.FILE_TOO_LARGE': 'This file is too large. Choose a smaller image.',
  'STORAGE.UNSUPPORTED_TYPE':
    'This file is not an image SattzaBite can show. Choose a JPEG, PNG or WebP picture.',
  'STORAGE.NOT_MULTIPART': 'The file could not be sent. Try again.',
  'STORAGE.INVALID_UPLOAD': 'The file could not be read. Choose it again and retry.',
  'STORAGE.OWNER_NOT_FOUND': 'This dish is no longer on the menu.',
  'STORAGE.UNAVAILABLE': 'Images cannot be stored right now. Try again shortly.',
  'ANALYTICS.NOT_YOUR_RESTAURANT': 'Only this restaurant’s staff can see its figures.',
  'DELIVERY.COURIER_OFFLINE': 'Go online to see and accept delivery offers.',
  'DELIVERY.OFFER_TAKEN': 'Another courier took this job first.',
  'DELIVERY.OFFER_WITHDRAWN': 'This job is no longer offered.',
  'DELIVERY.OFFER_NOT_FOUND': 'This job is no longer offered.',
  'DELIVERY.OUT_OF_RANGE': 'You are too far from the restaurant for this job.',
  'DELIVERY.NOT_OUT_FOR_DELIVERY': 'Locations are sent only while the order is out for delivery.',
  'DELIVERY.ASSIGNMENT_PENDING': 'The job is held for you but not confirmed yet: accept it again.',
};

/** Promotion codes at checkout: codes not named above read alike, with the server's reason after them. */
const PROMOTION_REFUSED = 'This promotion code cannot be used for this order.';

/** Codes whose server message says which rule was broken: our words first, then that message. */
const EXPLAINED: Record<string, string> = {
  'PROMOTIONS.INVALID_PROMOTION': 'This offer cannot be saved.',
  'SEARCH.INVALID_QUERY': 'These search filters do not go together.',
};

export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const known = WORDS[error.code];
    if (known !== undefined) return known;
    const explained = EXPLAINED[error.code];
    if (explained !== undefined) return `${explained} ${error.message}`;
    if (error.code.startsWith('PROMOTIONS.')) return `${PROMOTION_REFUSED} ${error.message}`;
    if (error.message.trim() !== '') return error.message;
    return `The request failed (${error.status}).`;
  }
  if (error instanceof Error && error.message !== '') return error.message;
  return 'Something went wrong. Try again.';
}
