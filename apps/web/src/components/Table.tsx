// A data table as every page writes it: a caption naming it, a header row of column headings (scope="col"),
// the page's rows, and by default the scrolling wrapper that keeps a wide table from widening the page.
import type { ReactNode } from 'react';

/** A column heading: its text, or its text with a class (`num` right-aligns) or read only by screen readers. */
export type Column = string | { label: string; className?: string; hidden?: boolean };

export function Table(props: {
  caption: string;
  columns: Column[];
  /** The <tr> rows of the body. */
  children: ReactNode;
  className?: string;
  lang?: string;
  /** Without the scrolling wrapper (the table is already inside one, or hidden from the eye). */
  bare?: boolean;
}) {
  const table = (
    <table className={props.className} lang={props.lang}>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          {props.columns.map((c) => {
            const { label, className, hidden } = typeof c === 'string' ? { label: c } : c;
            return (
              <th key={label} scope="col" className={className}>
                {hidden ? <span className="visually-hidden">{label}</span> : label}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
  return props.bare ? table : <div className="table-wrap">{table}</div>;
}
