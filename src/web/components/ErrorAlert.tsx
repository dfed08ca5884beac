import { useI18n } from '../lib/text/i18n.ts';

/** A DKFDS error alert with the server's Danish message. */
export function ErrorAlert(props: { message: string | null; heading?: string }) {
  const { t } = useI18n();
  if (props.message === null) return null;
  return (
    <div className="alert alert-error" role="alert">
      <div className="alert-body">
        <p className="alert-heading">{props.heading ?? t('error.heading')}</p>
        <p className="alert-text">{props.message}</p>
      </div>
    </div>
  );
}

export function SuccessAlert(props: { message: string | null }) {
  if (props.message === null) return null;
  return (
    <div className="alert alert-success" role="status">
      <div className="alert-body">
        <p className="alert-text">{props.message}</p>
      </div>
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p role="status" className="loading">
      {t('loading')}
    </p>
  );
}
