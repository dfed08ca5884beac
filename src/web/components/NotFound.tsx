import { useI18n } from '../lib/text/i18n.ts';
import { href } from '../lib/router.ts';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('notFound.title')}</h1>
      <p>
        <a href={href('start')}>{t('notFound.back')}</a>
      </p>
    </>
  );
}
