//! The physical-plan codec of culprit's scheduler and executors: Ballista's own codec, plus the
//! JSON Lines reader. DataFusion 44's protobuf codec cannot serialise `NdJsonExec`, so without
//! this a scan of a `.jsonl` file is planned by the scheduler but never reaches an executor: the
//! scheduler fails to prepare each task ("unsupported plan type: NdJsonExec") and retries forever.

use ballista_core::serde::BallistaPhysicalExtensionCodec;
use datafusion::common::parsers::CompressionTypeVariant;
use datafusion::datasource::file_format::file_compression_type::FileCompressionType;
use datafusion::datasource::physical_plan::NdJsonExec;
use datafusion::error::DataFusionError;
use datafusion::execution::FunctionRegistry;
use datafusion::physical_plan::ExecutionPlan;
use datafusion_proto::physical_plan::from_proto::parse_protobuf_file_scan_config;
use datafusion_proto::physical_plan::to_proto::serialize_file_scan_config;
use datafusion_proto::physical_plan::{DefaultPhysicalExtensionCodec, PhysicalExtensionCodec};
use datafusion_proto::protobuf::FileScanExecConf;
use datafusion_proto_common::protobuf_common::CompressionTypeVariant as ProtoCompression;
use prost::Message;
use std::sync::Arc;

/// Marks culprit's own nodes; Ballista's start with a protobuf field tag, never with this.
const NDJSON: &[u8] = b"culprit:ndjson:v1\0";

#[derive(Debug, Default)]
pub struct CulpritPhysicalCodec {
    ballista: BallistaPhysicalExtensionCodec,
}

impl PhysicalExtensionCodec for CulpritPhysicalCodec {
    fn try_decode(&self, buf: &[u8], inputs: &[Arc<dyn ExecutionPlan>], registry: &dyn FunctionRegistry) -> Result<Arc<dyn ExecutionPlan>, DataFusionError> {
        let Some(rest) = buf.strip_prefix(NDJSON) else {
            return self.ballista.try_decode(buf, inputs, registry);
        };
        let (&code, conf) = rest.split_first().ok_or_else(|| DataFusionError::Internal("culprit codec: truncated JSON Lines node".into()))?;
        let conf = FileScanExecConf::decode(conf).map_err(|e| DataFusionError::Internal(format!("culprit codec: JSON Lines node: {e}")))?;
        let conf = parse_protobuf_file_scan_config(&conf, registry, &DefaultPhysicalExtensionCodec {})?;
        let compression = ProtoCompression::try_from(i32::from(code)).map_err(|_| DataFusionError::Internal(format!("culprit codec: unknown compression code {code}")))?;
        Ok(Arc::new(NdJsonExec::new(conf, FileCompressionType::from(CompressionTypeVariant::from(compression)))))
    }

    fn try_encode(&self, node: Arc<dyn ExecutionPlan>, buf: &mut Vec<u8>) -> Result<(), DataFusionError> {
        let Some(json) = node.as_any().downcast_ref::<NdJsonExec>() else {
            return self.ballista.try_encode(node, buf);
        };
        let conf = serialize_file_scan_config(json.base_config(), &DefaultPhysicalExtensionCodec {})?;
        buf.extend_from_slice(NDJSON);
        // DataFusion's own protobuf numbering of the compression (0 to 4), as one byte.
        buf.push(ProtoCompression::from(CompressionTypeVariant::from(*json.file_compression_type())) as u8);
        conf.encode(buf).map_err(|e| DataFusionError::Internal(format!("culprit codec: JSON Lines node: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::prelude::{NdJsonReadOptions, SessionContext};

    #[tokio::test]
    async fn a_json_lines_scan_survives_the_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.jsonl");
        std::fs::write(&p, "{\"id\":\"1\",\"description\":\"AI\"}\n{\"id\":\"2\",\"description\":\"ML\"}\n").unwrap();
        let ctx = SessionContext::new();
        ctx.register_json("t", p.to_str().unwrap(), NdJsonReadOptions::default().file_extension(".jsonl")).await.unwrap();
        let plan = ctx.sql("SELECT id FROM t").await.unwrap().create_physical_plan().await.unwrap();
        let codec = CulpritPhysicalCodec::default();
        // Find the reader node and send it through the codec.
        let mut node = plan.clone();
        while node.as_any().downcast_ref::<NdJsonExec>().is_none() {
            node = node.children()[0].clone();
        }
        let mut buf = Vec::new();
        codec.try_encode(node.clone(), &mut buf).unwrap();
        let back = codec.try_decode(&buf, &[], &ctx.state()).unwrap();
        let (b, o) = (back.as_any().downcast_ref::<NdJsonExec>().unwrap(), node.as_any().downcast_ref::<NdJsonExec>().unwrap());
        let files = |e: &NdJsonExec| e.base_config().file_groups.iter().flatten().map(|f| f.object_meta.location.to_string()).collect::<Vec<_>>();
        assert_eq!(files(b), files(o));
        assert_eq!(b.base_config().file_schema, o.base_config().file_schema);
        assert_eq!(b.base_config().projection, o.base_config().projection);
        let rows: usize = datafusion::physical_plan::collect(back, ctx.task_ctx()).await.unwrap().iter().map(|b| b.num_rows()).sum();
        assert_eq!(rows, 2);
    }

    #[test]
    fn other_nodes_go_to_ballista() {
        let codec = CulpritPhysicalCodec::default();
        let err = codec.try_decode(b"\x08garbage", &[], &SessionContext::new().state()).err().unwrap();
        assert!(!err.to_string().contains("culprit codec"), "{err}");
    }
}
