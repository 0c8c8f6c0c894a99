//! culprit-data: the upstream source registry, the mirror and download cache, the upstream
//! parsers, the compiled reference catalog, the exposure model and the named assumptions.

pub mod assumptions;
pub mod catalog;
pub mod edgar;
pub mod error;
pub mod exposure;
pub mod national;
pub mod numbers;
pub mod observed;
pub mod registry;
pub mod lookup;
pub mod upstream;

pub use catalog::{Catalog, Occupation, SocOccupation, Task, TitleEntry};
pub use error::{DataError, Result};
pub use exposure::{Exposure, Measure};
pub use registry::Registry;
pub use upstream::{Label, TaskType, TitleKind};
