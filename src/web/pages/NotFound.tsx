import { useI18n } from '../i18n.ts';
import { href } from '../router.ts';

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
