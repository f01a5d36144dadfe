// A modal that says what an action will do before it is done. The native <dialog> opened with
// showModal(): the rest of the page is inert, Escape cancels (its `cancel` event), and focus returns
// to where it was when it closes. Tab and Shift+Tab also cycle inside it, so focus never reaches the
// browser's own controls while it is open. Named by its heading, described by its consequence.
// The one confirmation dialog of the app: the learner's consent changes and the admin's revocations.
import { type KeyboardEvent, type ReactNode, useId, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export interface ConfirmDialogProps {
  title: string;
  /** The consequence, in plain words. */
  consequence: ReactNode;
  /** Fields that shape the action (e.g. narrowing a grant), between the consequence and the buttons. */
  children?: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy: boolean;
  /** Why the action failed, if it did. */
  error?: string;
  /**
   * Start on Cancel rather than on the first control: for a change with no fields to fill, so that
   * Enter pressed out of habit does not take it (the least destructive choice first, as WAI-ARIA's
   * dialog pattern advises).
   */
  focusCancel?: boolean;
  /**
   * For an action that cannot be undone (e.g. revoking a connected system's key): Cancel comes first
   * and has the focus, and the confirming button is marked as dangerous.
   */
  destructive?: boolean;
}

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), a[href]';

export function ConfirmDialog(props: ConfirmDialogProps) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const destructive = props.destructive ?? false;
  const focusCancel = destructive || (props.focusCancel ?? false);
  const titleId = useId();
  const consequenceId = useId();

  // A layout effect: its cleanup closes the dialog while it is still in the page, so the browser
  // gives focus back to the button that opened it.
  useLayoutEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    if (focusCancel) cancel.current?.focus();
    return () => d?.close();
  }, [focusCancel]);

  const trapTab = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== 'Tab' || !dialog.current) return;
    const focusable = [...dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  const confirmButton = (
    <button
      type="button"
      className={destructive ? 'danger' : undefined}
      onClick={props.onConfirm}
      disabled={props.busy}
    >
      {props.busy ? t('dialog.working') : props.confirmLabel}
    </button>
  );
  const cancelButton = (
    <button ref={cancel} type="button" className="secondary" onClick={props.onCancel} disabled={props.busy}>
      {t('dialog.cancel')}
    </button>
  );

  return (
    <dialog
      ref={dialog}
      className="confirm"
      aria-labelledby={titleId}
      aria-describedby={consequenceId}
      onKeyDown={trapTab}
      onCancel={(e) => {
        // Escape: the page decides when the dialog goes (and keeps it while the action runs).
        e.preventDefault();
        if (!props.busy) props.onCancel();
      }}
    >
      <h2 id={titleId}>{props.title}</h2>
      <div id={consequenceId} className="consequence">
        {props.consequence}
      </div>
      {props.children}
      {props.error && (
        <p role="alert" className="error">
          {props.error}
        </p>
      )}
      <div className="buttons">
        {destructive ? (
          <>
            {cancelButton}
            {confirmButton}
          </>
        ) : (
          <>
            {confirmButton}
            {cancelButton}
          </>
        )}
      </div>
    </dialog>
  );
}
