package dev.cohortlake.ingest;

import dev.cohortlake.run.Errors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Lists the data files of a source path (a file, a folder read recursively, or a glob) through
 * Hadoop's file systems, so local folders and object stores alike, and computes a file's checksum
 * when asked: a nightly run reads only the files that are new or were touched. Files in a folder
 * whose names start with {@code _} or {@code .} (markers such as {@code _SUCCESS}, temporary
 * uploads) are not data and are left out, as Spark's readers leave them out.
 */
public final class SourceFiles {

  private final Configuration hadoop;

  public SourceFiles(Configuration hadoop) {
    this.hadoop = hadoop;
  }

  /** The data files under {@code pathOrGlob}, sorted by path. */
  public List<SourceFile> list(String pathOrGlob) {
    try {
      Path pattern = new Path(pathOrGlob);
      FileSystem fs = pattern.getFileSystem(hadoop);
      FileStatus[] matches = fs.globStatus(pattern);
      if (matches == null || matches.length == 0) {
        throw Errors.sourceNotFound("cohortlake.source.path", pathOrGlob);
      }
      List<SourceFile> files = new ArrayList<>();
      for (FileStatus match : matches) {
        if (match.isDirectory()) {
          addInside(fs, match, files);
        } else {
          files.add(sourceFile(match));
        }
      }
      files.sort(Comparator.comparing(SourceFile::path));
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list source path " + pathOrGlob, e);
    }
  }

  /** The full path of a user-given file path, in the form {@link #list} gives. */
  public String qualify(String path) {
    try {
      Path given = new Path(path);
      return given.getFileSystem(hadoop).makeQualified(given).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot resolve " + path, e);
    }
  }

  /**
   * The listed path of each file name Spark's reader gave rows ({@code input_file_name()}, a URI
   * string whose form may differ from the listing's, e.g. {@code file:///x} for {@code file:/x}).
   */
  public static Map<String, String> pathsOf(
      Collection<String> readerNames, List<SourceFile> listed) {
    Map<Path, String> byPath = new HashMap<>();
    listed.forEach(file -> byPath.put(new Path(file.path()), file.path()));
    Map<String, String> paths = new HashMap<>();
    for (String name : readerNames) {
      String path = byPath.get(readerPath(name));
      if (path == null) {
        throw new IllegalStateException(
            "Spark read rows from " + name + ", which is none of the planned source files");
      }
      paths.put(name, path);
    }
    return paths;
  }

  private static Path readerPath(String readerName) {
    try {
      return new Path(new URI(readerName));
    } catch (URISyntaxException e) {
      return new Path(readerName);
    }
  }

  /**
   * Adds the data files under a folder, by {@code listStatus} rather than {@code listFiles}: the
   * located statuses of {@code listFiles} ask each local file for its permissions, which Hadoop's
   * local file system answers by starting {@code ls} once per file.
   */
  private static void addInside(FileSystem fs, FileStatus folder, List<SourceFile> files)
      throws IOException {
    for (FileStatus inside : fs.listStatus(folder.getPath())) {
      String name = inside.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      if (inside.isDirectory()) {
        addInside(fs, inside, files);
      } else {
        files.add(sourceFile(inside));
      }
    }
  }

  private static SourceFile sourceFile(FileStatus status) {
    return new SourceFile(
        status.getPath().toString(),
        status.getLen(),
        Instant.ofEpochMilli(status.getModificationTime()));
  }

  /** SHA-256 of the file's content, in hex. */
  public String checksum(SourceFile file) {
    try {
      Path path = new Path(file.path());
      return sha256(path.getFileSystem(hadoop), path);
    } catch (IOException e) {
      throw Errors.sourceFileUnreadable(file.path(), e);
    }
  }

  private static String sha256(FileSystem fs, Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
    try (InputStream in = new DigestInputStream(fs.open(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
