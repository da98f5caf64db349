// Keeps one broken widget (a bad stored configuration, a failed chunk load) from blanking the
// whole dashboard: its frame shows the error instead.
import { Component, type ReactNode } from 'react';
import { ErrorAlert } from '../components/Feedback';

interface State {
  error: string | null;
}

export class WidgetErrorBoundary extends Component<{ children: ReactNode }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error.message : String(error) };
  }

  render() {
    if (this.state.error) {
      return <ErrorAlert message={`This widget failed: ${this.state.error}`} onRetry={() => this.setState({ error: null })} />;
    }
    return this.props.children;
  }
}
