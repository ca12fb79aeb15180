@file:JvmName("Sizes")

package io.memscope.kotlin

// Binary size units, as Vulkan and VMA count: 1 KiB = 1024 bytes. Every value is a byte count (Long), ready for
// BufferRequest.size, MemoryAllocator.setCustomBufferSize and the other byte parameters of monitor-core.

private const val KIB: Long = 1L shl 10
private const val MIB: Long = 1L shl 20
private const val GIB: Long = 1L shl 30

/** This many kibibytes in bytes: `4.KiB == 4096L`. Cannot overflow (an Int of KiB fits a Long). Free to call. */
public val Int.KiB: Long get() = this * KIB

/** This many mebibytes in bytes: `64.MiB == 67_108_864L`. Cannot overflow. Free to call. */
public val Int.MiB: Long get() = this * MIB

/** This many gibibytes in bytes: `1.GiB == 1_073_741_824L`. Cannot overflow. Free to call. */
public val Int.GiB: Long get() = this * GIB

/**
 * This many kibibytes in bytes.
 *
 * @throws ArithmeticException if the byte count does not fit a Long
 */
public val Long.KiB: Long get() = Math.multiplyExact(this, KIB)

/**
 * This many mebibytes in bytes.
 *
 * @throws ArithmeticException if the byte count does not fit a Long
 */
public val Long.MiB: Long get() = Math.multiplyExact(this, MIB)

/**
 * This many gibibytes in bytes.
 *
 * @throws ArithmeticException if the byte count does not fit a Long
 */
public val Long.GiB: Long get() = Math.multiplyExact(this, GIB)
