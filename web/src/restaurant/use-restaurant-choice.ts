import { useState } from 'react';
import { useSession } from '../auth/session';

/** The restaurant a staff member works at (the first of their restaurants unless they pick another). */
export function useRestaurantChoice(): [string | undefined, (id: string) => void, string[]] {
  const { user } = useSession();
  const ids = user?.restaurantIds ?? [];
  const [chosen, setChosen] = useState<string>();
  return [chosen ?? ids[0], setChosen, ids];
}
