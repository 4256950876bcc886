/** Saves `data` as a file named `name` through a temporary link (nothing leaves the browser). */
export function downloadBlob(data: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(data);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
