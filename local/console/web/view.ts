/** One section of the page: its element, and how it refreshes when something changes. */
export interface View {
  el: HTMLElement;
  title: string;
  refresh(): Promise<void>;
  dispose?(): void;
}
