import { describeServiceSuites, serviceSuites } from "./testing/service-suite/describe-suites.js";

// AWS's service conformance suite, every suite, on this package's SDK (the newest 2.x).
describeServiceSuites(serviceSuites);
