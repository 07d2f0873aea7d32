import { errorText } from '../api/error-words';

/** An error in words, announced to screen readers; nothing when there is no error. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  return (
    <p className="error" role="alert">
      {errorText(error)}
    </p>
  );
}
