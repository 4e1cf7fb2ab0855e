import { el, setData, setText } from './dom';

/**
 * The line in a panel's header that says why the panel cannot show all it should (its
 * subscribe was refused, a topic it names is unknown), and `data-problem` on the panel.
 * Returns the setter; undefined clears it. Written in the caller's `draw`.
 */
export function createPanelProblem(panel: HTMLElement, head: HTMLElement): (problem: string | undefined) => void {
  const line = el('span', 'panel-status');
  line.setAttribute('role', 'status');
  head.append(line);
  return (problem) => {
    if (problem === undefined) delete panel.dataset.problem;
    else setData(panel, 'problem', problem);
    setText(line, problem ?? '');
  };
}
