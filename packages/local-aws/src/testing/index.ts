/** @coffee/local-aws/testing: a real small filesystem for storage-fault tests. */
export {
  mountSmallFilesystem,
  SMALL_FILESYSTEM_SKIP,
  type SmallFilesystem,
} from "./small-filesystem.js";
