import { useState, type FormEvent } from 'react';
import { auth } from '../api/endpoints';
import { ErrorMessage } from '../components/error-message';
import { Link, navigate } from '../lib/router';
import { homeOf, useSession } from './session';

export function RegisterPage() {
  const { signIn } = useSession();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await auth.register(name.trim(), email.trim(), password);
      const user = await signIn(email.trim(), password);
      navigate(homeOf(user), { replace: true });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card narrow">
      <h1>Create an account</h1>
      <form onSubmit={submit} className="stack">
        <label>
          Name
          <input
            name="name"
            autoComplete="name"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label>
          Email
          <input
            type="email"
            name="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          Password (at least 10 characters)
          <input
            type="password"
            name="password"
            autoComplete="new-password"
            required
            minLength={10}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <ErrorMessage error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have one? <Link to="/signin">Sign in</Link>
      </p>
    </section>
  );
}
