import { Component, type ErrorInfo, type ReactNode } from 'react';
import { messageOf } from '../lib/errors';

interface Props {
  children: ReactNode;
  /** What failed, for the message ("This step"). */
  what?: string;
}

/** Keeps a rendering bug in one part from blanking the whole window. */
export class ErrorBoundary extends Component<Props, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('RDP Doctor view error', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <div className="card boundary" role="alert">
        <h2 className="card-title">{this.props.what ?? 'This part of RDP Doctor'} could not be shown</h2>
        <p>{messageOf(this.state.error)}</p>
        <button type="button" className="btn" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
