// One rule chain in the editor (React Flow, loaded lazily with this screen): its nodes and
// connections from GET /api/ruleChain/{id}/metadata, saved whole with POST /api/ruleChain/metadata.
import { useParams } from 'react-router-dom';
import { ruleChainApi } from '../api/endpoints';
import { ErrorAlert, Spinner } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';
import { useAsync } from '../components/useAsync';
import { RuleChainEditor } from '../rules/RuleChainEditor';

export default function RuleChainPage() {
  const { ruleChainId = '' } = useParams();
  const { data, loading, error, reload } = useAsync(
    () => Promise.all([ruleChainApi.get(ruleChainId), ruleChainApi.metadata(ruleChainId)]),
    [ruleChainId],
  );
  const crumbs = [{ label: 'Rule chains', to: '/ruleChains' }];
  if (!data) {
    return (
      <>
        <PageHeader title="Rule chain" crumbs={crumbs} />
        {loading ? <Spinner label="Loading the rule chain…" /> : <ErrorAlert message={error} onRetry={reload} />}
      </>
    );
  }
  const [chain, metadata] = data;
  return (
    <>
      <PageHeader title={chain.name} crumbs={crumbs} actions={chain.root ? <span className="badge">Root</span> : undefined} />
      <RuleChainEditor key={ruleChainId} metadata={metadata} save={ruleChainApi.saveMetadata} />
    </>
  );
}
