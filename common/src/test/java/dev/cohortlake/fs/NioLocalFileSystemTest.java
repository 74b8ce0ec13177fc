package dev.cohortlake.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local file system without child processes keeps Hadoop's behaviour where Spark and Delta rely
 * on it: permissions as asked, a rename that refuses to overwrite, and the same status as Hadoop's
 * own for files, symbolic links and missing paths.
 */
class NioLocalFileSystemTest {

  @TempDir java.nio.file.Path dir;

  private static Configuration configuration() {
    Configuration conf = new Configuration();
    NioLocalFileSystem.sparkSettings()
        .forEach((key, value) -> conf.set(key.substring("spark.hadoop.".length()), value));
    conf.setBoolean("fs.file.impl.disable.cache", true);
    return conf;
  }

  @Test
  void setsThePermissionsHadoopAsksFor() throws Exception {
    FileSystem fs = new Path(dir.toUri()).getFileSystem(configuration());
    assertThat(fs).isInstanceOf(NioLocalFileSystem.class);
    Path file = new Path(dir.resolve("part-0.parquet").toUri());
    try (FSDataOutputStream out = fs.create(file)) {
      out.write(1);
    }
    fs.setPermission(file, new FsPermission((short) 0640));

    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("part-0.parquet"))))
        .isEqualTo("rw-r-----");
    assertThat(fs.getFileStatus(file).getPermission()).isEqualTo(new FsPermission((short) 0640));
    assertThat(Files.exists(dir.resolve(".part-0.parquet.crc"))).as("checksum file").isTrue();
  }

  @Test
  void commitsLikeDeltasLogStoreThroughFileContext() throws Exception {
    FileContext context = FileContext.getFileContext(dir.toUri(), configuration());
    Path temp = new Path(dir.resolve(".00000.json.tmp").toUri());
    Path commit = new Path(dir.resolve("00000.json").toUri());
    try (FSDataOutputStream out =
        context.create(temp, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
      out.write("{}".getBytes(StandardCharsets.UTF_8));
    }
    context.rename(temp, commit, Options.Rename.NONE);
    assertThat(Files.readString(dir.resolve("00000.json"))).isEqualTo("{}");

    try (FSDataOutputStream out = context.create(temp, EnumSet.of(CreateFlag.CREATE))) {
      out.write('x');
    }
    assertThatThrownBy(() -> context.rename(temp, commit, Options.Rename.NONE))
        .as("a second writer of the same commit fails")
        .isInstanceOf(java.io.IOException.class);
    assertThat(Files.readString(dir.resolve("00000.json"))).isEqualTo("{}");
  }

  @Test
  void reportsFilesLinksAndMissingPathsAsHadoopDoes() throws Exception {
    FileSystem fs = new Path(dir.toUri()).getFileSystem(configuration());
    Files.writeString(dir.resolve("target.csv"), "a\n");
    Files.createSymbolicLink(dir.resolve("link.csv"), dir.resolve("target.csv"));

    FileSystem hadoops = new LocalFileSystem();
    hadoops.initialize(dir.toUri(), new Configuration());
    for (String name : new String[] {"link.csv", "target.csv"}) {
      Path path = new Path(dir.resolve(name).toUri());
      assertThat(fs.getFileLinkStatus(path)).as(name).isEqualTo(hadoops.getFileLinkStatus(path));
      assertThat(fs.getFileLinkStatus(path).isSymlink())
          .as(name)
          .isEqualTo(hadoops.getFileLinkStatus(path).isSymlink());
    }
    assertThat(fs.getFileLinkStatus(new Path(dir.resolve("target.csv").toUri())).getLen())
        .isEqualTo(2);
    assertThatThrownBy(() -> fs.getFileLinkStatus(new Path(dir.resolve("missing.csv").toUri())))
        .isInstanceOf(FileNotFoundException.class);
  }
}
