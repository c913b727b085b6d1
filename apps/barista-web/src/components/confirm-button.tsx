/**
 * A button that asks once before acting: the first press turns it into "Yes, …" and "No", with
 * focus on "No" so a stray Enter does nothing; Escape backs out. A `warning` is said beside the
 * question (an unaccept that would cancel). A screen with several of them may hold which one is
 * asking (`asking`, `onAskingChange`), so that only one question is open at a time.
 */
import { useEffect, useRef, useState } from "react";
import styles from "./confirm-button.module.css";

export function ConfirmButton({
  label,
  confirmLabel,
  onConfirm,
  disabled,
  className,
  warning,
  asking: heldAsking,
  onAskingChange,
}: {
  label: string;
  confirmLabel: string;
  onConfirm(): void;
  disabled?: boolean;
  className?: string;
  warning?: string | undefined;
  asking?: boolean;
  onAskingChange?(asking: boolean): void;
}) {
  const [ownAsking, setOwnAsking] = useState(false);
  const asking = heldAsking ?? ownAsking;
  const setAsking = (next: boolean) => (onAskingChange ? onAskingChange(next) : setOwnAsking(next));
  const noRef = useRef<HTMLButtonElement>(null);
  const askRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) noRef.current?.focus();
    else if (wasAsking.current) askRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button
        ref={askRef}
        type="button"
        className={className}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape anywhere in the pair backs out.
    <span
      className={styles.pair}
      onKeyDown={(e) => {
        if (e.key === "Escape") setAsking(false);
      }}
    >
      {warning ? (
        <span role="alert" className={styles.warning}>
          {warning}
        </span>
      ) : null}
      <button
        type="button"
        className="danger"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button ref={noRef} type="button" className="secondary" onClick={() => setAsking(false)}>
        No
      </button>
    </span>
  );
}
