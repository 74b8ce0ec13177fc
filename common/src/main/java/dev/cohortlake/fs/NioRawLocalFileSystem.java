package dev.cohortlake.fs;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's raw local file system, with the two calls that start a child process done in-process by
 * {@code java.nio}: setting a file's permissions ({@code chmod}) and asking whether a path is a
 * symbolic link ({@code readlink}).
 *
 * <p>Hadoop runs those commands when its native library is not loaded, and Spark's Maven artifacts
 * do not carry it. Every Parquet file, checksum file and Delta log commit costs one or more forks
 * of the Spark JVM that the writing thread waits for: about 540 in one Online Retail run. Where the
 * native library is loaded, or the platform has no POSIX permissions, Hadoop's own code runs.
 * Hadoop's sticky bit, which Cohort Lake never sets, is not carried over.
 */
final class NioRawLocalFileSystem extends RawLocalFileSystem {

  /**
   * Where Hadoop would start a process (no native library) and java.nio can do the work (POSIX).
   */
  private static final boolean IN_PROCESS =
      !NativeIO.isAvailable()
          && FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  @Override
  public void setPermission(Path path, FsPermission permission) throws IOException {
    if (!IN_PROCESS) {
      super.setPermission(path, permission);
      return;
    }
    String symbolic =
        permission.getUserAction().SYMBOL
            + permission.getGroupAction().SYMBOL
            + permission.getOtherAction().SYMBOL;
    Files.setPosixFilePermissions(
        pathToFile(path).toPath(), PosixFilePermissions.fromString(symbolic));
  }

  /**
   * A path that is not a symbolic link has the status {@link #getFileStatus} gives it, including
   * its {@link java.io.FileNotFoundException} for a path that does not exist.
   */
  @Override
  public FileStatus getFileLinkStatus(Path path) throws IOException {
    if (!IN_PROCESS || Files.isSymbolicLink(pathToFile(path).toPath())) {
      return super.getFileLinkStatus(path);
    }
    return getFileStatus(path);
  }
}
