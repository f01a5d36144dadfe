// "From" and "until" as two labelled date fields (yyyy-mm-dd, the browser's own date picker), as the
// learner's records filter and the auditor's log and patterns ask for a period.
export interface DateRange {
  from: string;
  to: string;
}

export function DateRangeFields(props: {
  /** The fields' ids are `<idPrefix>-from` and `<idPrefix>-to`. */
  idPrefix: string;
  labels: DateRange;
  value: DateRange;
  onChange: (range: DateRange) => void;
}) {
  const { idPrefix, labels, value, onChange } = props;
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-from`}>{labels.from}</label>
        <input
          id={`${idPrefix}-from`}
          type="date"
          value={value.from}
          onChange={(e) => onChange({ from: e.target.value, to: value.to })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-to`}>{labels.to}</label>
        <input
          id={`${idPrefix}-to`}
          type="date"
          value={value.to}
          onChange={(e) => onChange({ from: value.from, to: e.target.value })}
        />
      </div>
    </>
  );
}
