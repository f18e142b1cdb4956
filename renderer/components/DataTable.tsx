import type { ReactNode } from 'react';

/** A small table with a caption (visible as the card's heading is not enough for screen readers). */
export function DataTable({ caption, columns, rows, testId }: { caption: string; columns: string[]; rows: ReactNode[][]; testId?: string }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((cells, i) => (
            <tr key={i}>
              {cells.map((cell, j) => (j === 0 ? <th key={j} scope="row">{cell}</th> : <td key={j}>{cell}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
