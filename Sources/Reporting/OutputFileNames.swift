/// The file names of the folders Experiments writes (sweeps, scenario discovery,
/// calibrations), in one place: Experiments writes them and Reporting's HTML report
/// reads them, and Reporting sits below Experiments, so the names live here.
public enum OutputFileNames {
    /// A sweep folder (see `SweepOutputFolder` in Experiments for what each holds).
    public enum Sweep {
        public static let definition = "sweep.json"
        public static let state = "sweep-state.json"
        public static let runs = "runs.csv"
        public static let points = "points.csv"
        public static let sensitivity = "sensitivity.csv"
        /// Written with `--trajectories`.
        public static let trajectories = "trajectories.csv"
        public static let manifest = "manifest.json"
    }

    /// A comparison folder (`marketsim compare`): these files beside one run folder per
    /// scenario, named by its label, which therefore must be none of them.
    public enum Compare {
        public static let trajectories = "trajectories.csv"
        public static let bands = "bands.csv"
        public static let differences = "differences.csv"
        public static let compare = "compare.csv"
        public static let manifest = "manifest.json"
        /// Written later by `marketsim report`.
        public static let report = "report.html"
        public static let all = [trajectories, bands, differences, compare, manifest, report]
    }

    /// A discovery folder (`marketsim discover`), inside its sweep folder.
    public enum Discovery {
        /// One row per peeling step.
        public static let trajectory = "trajectory.csv"
        /// The chosen box, one row per parameter.
        public static let box = "box.csv"
        /// What was asked and which step was chosen.
        public static let facts = "discover.json"
    }

    /// A calibration folder (`marketsim calibrate`).
    public enum Calibration {
        public static let posterior = "posterior.csv"
        public static let generations = "generations.csv"
        public static let targets = "targets.csv"
        public static let contraction = "contraction.csv"
        /// With `"adjustment": "linear"`: each fit target's use in the regression
        /// adjustment and each parameter's slope on it.
        public static let adjustment = "adjustment.csv"
        public static let calibrated = "calibrated.json"
        public static let definition = "calibration.json"
        public static let manifest = "manifest.json"
        /// `calibrate --check`: one row per hidden truth and parameter.
        public static let check = "check.csv"
        /// `calibrate --check`: one row per parameter.
        public static let checkSummary = "check-summary.csv"
    }
}
