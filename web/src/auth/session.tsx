// Who is signed in: read once from /auth/me (the HTTP-only cookie is invisible to scripts), kept here.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { onSessionLost } from '../api/client';
import { auth } from '../api/endpoints';
import type { User } from '../api/types';

interface Session {
  user: User | null | undefined;
  signIn(email: string, password: string): Promise<User>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  // undefined while the first /auth/me is in flight, null when nobody is signed in.
  const [user, setUser] = useState<User | null | undefined>(undefined);

  useEffect(() => {
    auth.me().then(setUser, () => setUser(null));
    return onSessionLost(() => setUser(null));
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const answer = await auth.login(email, password);
    setUser(answer.user);
    return answer.user;
  }, []);

  const signOut = useCallback(async () => {
    await auth.logout().catch(() => undefined);
    setUser(null);
  }, []);

  const value = useMemo(() => ({ user, signIn, signOut }), [user, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === undefined) throw new Error('useSession outside SessionProvider');
  return session;
}

export const hasRole = (user: User | null | undefined, ...roles: string[]) =>
  user?.roles.some((role) => roles.includes(role)) ?? false;

/** Where each kind of account starts. */
export function homeOf(user: User): string {
  if (hasRole(user, 'SYSTEM_ADMIN')) return '/operator';
  if (hasRole(user, 'RESTAURANT_STAFF', 'RESTAURANT_ADMIN')) return '/kitchen';
  if (hasRole(user, 'DELIVERY_PARTNER')) return '/courier';
  return '/restaurants';
}
