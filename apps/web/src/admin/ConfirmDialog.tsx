// A confirmation before an action that cannot be undone: the browser's modal <dialog> (focus moves into it and
// stays there, Escape cancels, focus returns to the button that opened it when it closes).
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export function ConfirmDialog(props: {
  title: string;
  body: string;
  confirm: string;
  busy: boolean;
  failure?: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="confirm"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(e) => {
        e.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id={`${id}-title`}>{props.title}</h2>
      <p id={`${id}-body`}>{props.body}</p>
      {props.failure && (
        <p role="alert" className="error">
          {props.failure}
        </p>
      )}
      <div className="actions">
        <button type="button" className="secondary" onClick={props.onCancel} autoFocus>
          {t('admin.form.cancel')}
        </button>
        <button type="button" className="danger" onClick={props.onConfirm} disabled={props.busy}>
          {props.confirm}
        </button>
      </div>
    </dialog>
  );
}
