import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/error-message';
import { Link, navigate, useLocation } from '../lib/router';
import { homeOf, useSession } from './session';

const DEMO = ['customer', 'staff', 'owner', 'courier', 'admin'].map((who) => `${who}@demo.sattzabite.test`);

export function SignInPage() {
  const { signIn } = useSession();
  const { path } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const user = await signIn(email.trim(), password);
      // A deep link (a tracking page from a notification) opens where it pointed once signed in.
      const stay = path !== '/' && path !== '/signin' && path !== '/register';
      navigate(stay ? path : homeOf(user), { replace: true });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card narrow">
      <h1>Sign in</h1>
      <form onSubmit={submit} className="stack">
        <label>
          Email
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <ErrorMessage error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        New here? <Link to="/register">Create an account</Link>
      </p>
      <details>
        <summary>Demo accounts</summary>
        <p className="muted">Password for each: sattzabite-demo</p>
        <ul className="plain">
          {DEMO.map((demo) => (
            <li key={demo}>
              <button
                type="button"
                className="link"
                onClick={() => {
                  setEmail(demo);
                  setPassword('sattzabite-demo');
                }}
              >
                Use {demo}
              </button>
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
