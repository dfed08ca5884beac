import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useI18n } from '../lib/text/i18n.ts';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * An accessible modal dialog with DKFDS's modal markup: focus moves into it, Tab stays inside,
 * Escape closes it, and focus returns to the element that opened it.
 */
export function Dialog(props: { title: string; onClose: () => void; children: ReactNode; footer?: ReactNode }) {
  const { t } = useI18n();
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const { onClose } = props;

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const root = document.getElementById('root');
    root?.setAttribute('inert', '');
    document.body.classList.add('modal-open');
    ref.current?.querySelector<HTMLElement>('h2')?.focus();
    return () => {
      root?.removeAttribute('inert');
      document.body.classList.remove('modal-open');
      opener?.focus();
    };
  }, []);

  function onKeyDown(event: React.KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || !ref.current) return;
    const focusable = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && (document.activeElement === first || !ref.current.contains(document.activeElement) || document.activeElement?.tagName === 'H2')) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  // Rendered outside #root so the page behind can be made inert while the dialog is open.
  return createPortal(
    <>
      <div className="fds-modal" aria-hidden="false" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={ref} onKeyDown={onKeyDown}>
        <div className="modal-content">
          <div className="modal-header">
            <h2 className="modal-title" id={titleId} tabIndex={-1}>
              {props.title}
            </h2>
            <button type="button" className="modal-close function-link" onClick={onClose}>
              {t('explain.close')}
            </button>
          </div>
          <div className="modal-body">{props.children}</div>
          {props.footer ? <div className="modal-footer">{props.footer}</div> : null}
        </div>
      </div>
      <div className="modal-backdrop show" onClick={onClose} aria-hidden="true" />
    </>,
    document.body,
  );
}
