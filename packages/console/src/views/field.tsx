/**
 * A labelled control. The label names the control by `for`, not by wrapping it: a wrapping
 * label's accessible name would take in the control's own value ("Function refund").
 */
import { type ReactNode, useId } from "react";

export function Field({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}
